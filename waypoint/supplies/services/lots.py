"""Lots and expiry: finding lots, first-expiring-first-out, and what expires soon.

Distribution (visits, orders) names no lot: the ledger splits it across the site's lots
of the item, earliest expiry first, so lot balances follow what actually leaves the
shelf. Whatever the lots cannot cover stays on the item without a lot, and the item's
balance — always the sum of all its movements — remains the authority.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import InventorySettings, Lot, LotBalance, StockMovement, SupplyItem


def normalize_lot_number(value: str) -> str:
    """Lot numbers are printed in capitals; typing them any other way finds the same lot."""
    return " ".join((value or "").split()).upper()


def find_or_create_lot(
    item: SupplyItem, lot_number: str, *, expires_on: dt.date | None, supplier: str = ""
) -> Lot:
    """The item's lot with this number, created on first receipt.

    Raises ``ValidationError`` when the number is missing, or when the lot is already
    known with a different expiry date (a typing mistake on one of the two).
    """
    number = normalize_lot_number(lot_number)
    if not number:
        raise ValidationError(_("%(item)s tracks lots: give the lot number.") % {"item": item.name})
    if len(number) > 60:
        raise ValidationError(_("Keep the lot number under 60 characters."))
    lot, created = Lot.unscoped.get_or_create(
        item=item,
        lot_number=number,
        defaults={"program": item.program, "expires_on": expires_on, "supplier": supplier[:120]},
    )
    if created or expires_on is None or lot.expires_on == expires_on:
        return lot
    if lot.expires_on is None:
        Lot.unscoped.filter(pk=lot.pk).update(expires_on=expires_on)
        lot.expires_on = expires_on
        return lot
    raise ValidationError(
        _("Lot %(lot)s of %(item)s is recorded as expiring on %(date)s. Check the date on the box.")
        % {"lot": number, "item": item.name, "date": date_format(lot.expires_on)}
    )


def get_inventory_settings(program) -> InventorySettings:
    """The program's inventory settings, or unsaved defaults."""
    found = InventorySettings.unscoped.filter(program=program).first()
    return found or InventorySettings(program=program)


def suggest_lots(site, item_ids) -> dict[int, list[LotBalance]]:
    """Lots on the shelf at ``site`` for each item, the one to give out first leading. One query."""
    rows = (
        LotBalance.objects.filter(site=site, item_id__in=list(item_ids), on_hand__gt=0)
        .select_related("lot")
        .order_by("item_id", "lot__expires_on", "lot_id")
    )
    out: dict[int, list[LotBalance]] = defaultdict(list)
    for row in rows:
        out[row.item_id].append(row)
    return dict(out)


def expiring_lots(program, *, within_days: int, today: dt.date | None = None, site=None):
    """Lots with stock on a shelf that expire within ``within_days`` (or already have),
    soonest first, with their site. One query."""
    today = today or timezone.localdate()
    rows = LotBalance.objects.filter(
        program=program,
        on_hand__gt=0,
        lot__expires_on__lte=today + dt.timedelta(days=within_days),
    )
    if site is not None:
        rows = rows.filter(site=site)
    return list(
        rows.select_related("lot", "item", "site").order_by(
            "lot__expires_on", "item__name", "site__name", "lot__lot_number"
        )
    )


# --- Splitting distribution across lots (the visit path calls these) ---------------------

_ON_SHELF = (
    "SELECT b.item_id, b.lot_id, b.on_hand FROM {balance} b "
    "JOIN {lot} l ON l.id = b.lot_id JOIN {item} i ON i.id = b.item_id "
    "WHERE b.site_id = %s AND b.item_id IN ({ids}) AND b.on_hand > 0 AND i.tracks_lots "
    "ORDER BY b.item_id, CASE WHEN l.expires_on IS NULL THEN 1 ELSE 0 END, l.expires_on, l.id"
)
_TAKEN = (
    "SELECT item_id, lot_id, -SUM(quantity) FROM {movement} WHERE encounter_id = %s "
    "AND lot_id IS NOT NULL AND item_id IN ({ids}) GROUP BY item_id, lot_id "
    "ORDER BY item_id, lot_id DESC"
)
_MOVE = (
    "UPDATE {balance} SET on_hand = on_hand + (CASE lot_id {whens} ELSE 0 END), updated_at = %s "
    "WHERE site_id = %s AND lot_id IN ({ids})"
)


def allocate_lots(
    site_id: int,
    changes: dict[int, int],
    *,
    encounter_id: int | None = None,
    held: dict[int, int] | None = None,
) -> list[tuple[int, int | None, int]]:
    """Split item changes into (item id, lot id or None, quantity) lines, same totals per item.

    Removals take from the lots on the shelf, earliest expiry first, leaving alone what
    ``held`` (lot id -> units) says the same document already takes from a lot by name.
    Returns to stock from a visit's correction go back to the lots that visit took from.
    The caller holds the locks on the site's item balances of these items, which guard
    their lots. One query for removals; one more when a visit returns stock.
    """
    held = held or {}
    ids = sorted(item_id for item_id, qty in changes.items() if qty)
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    available: dict[int, list[tuple[int, int]]] = defaultdict(list)
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if any(changes[i] < 0 for i in ids):
        sql = _ON_SHELF.format(
            balance=LotBalance._meta.db_table,
            lot=Lot._meta.db_table,
            item=SupplyItem._meta.db_table,
            ids=placeholders,
        )
        if connection.features.has_select_for_update_of:
            sql += " FOR UPDATE OF b"
        with connection.cursor() as cursor:
            cursor.execute(sql, [site_id, *ids])
            for item_id, lot_id, on_hand in cursor.fetchall():
                room = on_hand - held.get(lot_id, 0)
                if room > 0:
                    available[item_id].append((lot_id, room))
    if encounter_id is not None and any(changes[i] > 0 for i in ids):
        sql = _TAKEN.format(movement=StockMovement._meta.db_table, ids=placeholders)
        with connection.cursor() as cursor:
            cursor.execute(sql, [encounter_id, *ids])
            for item_id, lot_id, net in cursor.fetchall():
                if net > 0:
                    taken[item_id].append((lot_id, net))
    lines = []
    for item_id in ids:
        change = changes[item_id]
        sources = available[item_id] if change < 0 else taken[item_id]
        left = abs(change)
        for lot_id, room in sources:
            if not left:
                break
            part = min(left, room)
            lines.append((item_id, lot_id, part if change > 0 else -part))
            left -= part
        if left:
            lines.append((item_id, None, left if change > 0 else -left))
    return lines


def move_lot_balances(site_id: int, lines: list[tuple[int, int | None, int]]) -> None:
    """Move the site's lot balances by the lot lines of ``allocate_lots`` (they exist already:
    removals come from balances read under lock, returns go to lots the visit took from)."""
    deltas: dict[int, int] = defaultdict(int)
    for _item_id, lot_id, qty in lines:
        if lot_id is not None:
            deltas[lot_id] += qty
    if not deltas:
        return
    ids = sorted(deltas)
    sql = _MOVE.format(
        balance=LotBalance._meta.db_table,
        whens=" ".join(["WHEN %s THEN %s"] * len(ids)),
        ids=", ".join(["%s"] * len(ids)),
    )
    params = [value for lot_id in ids for value in (lot_id, deltas[lot_id])]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, now, site_id, *ids])
