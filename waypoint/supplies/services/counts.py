"""Physical counts: the count sheet of a site, recording a count, and the variance report.

A count never edits history: each counted line records what the ledger expected and
what was on the shelf, and the difference becomes a COUNT movement. An item that tracks
lots is counted lot by lot, plus a line for stock on record without a lot.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.functions import Abs
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event

from ..models import (
    Lot,
    LotBalance,
    MovementKind,
    StockBalance,
    StockCount,
    StockCountLine,
    SupplyItem,
)
from .ledger import Line, clear_recount, lock_item_balances, post
from .stock import MAX_QUANTITY, check_item, check_site

# A counted line: (item id, lot id or None) -> how many were on the shelf.
Counted = dict[tuple[int, int | None], int]


@dataclass
class SheetRow:
    item: SupplyItem
    lot: Lot | None
    expected: int


@dataclass
class SheetItem:
    item: SupplyItem
    on_hand: int
    needs_recount: bool
    rows: list[SheetRow] = field(default_factory=list)


def count_sheet(site) -> list[SheetItem]:
    """What to count at ``site``: every active item (and any with stock on record), with the
    lots on record there for items that track them. Three queries."""
    balances = {b.item_id: b for b in StockBalance.objects.filter(site=site)}
    lots = defaultdict(list)
    for row in (
        LotBalance.objects.filter(site=site)
        .exclude(on_hand=0)
        .select_related("lot")
        .order_by("lot__expires_on", "lot__lot_number")
    ):
        lots[row.item_id].append(row)
    sheet = []
    items = SupplyItem.objects.filter(program=site.program_id).order_by("sort_order", "name")
    for item in items:
        balance = balances.get(item.pk)
        on_hand = balance.on_hand if balance else 0
        if not item.is_active and not on_hand:
            continue
        entry = SheetItem(item, on_hand, bool(balance and balance.needs_recount))
        if item.tracks_lots:
            in_lots = 0
            for row in lots[item.pk]:
                entry.rows.append(SheetRow(item, row.lot, row.on_hand))
                in_lots += row.on_hand
            if on_hand - in_lots or not entry.rows:
                entry.rows.append(SheetRow(item, None, on_hand - in_lots))
        else:
            entry.rows.append(SheetRow(item, None, on_hand))
        sheet.append(entry)
    return sheet


def record_stock_count(
    program, site, counted: Counted, *, actor, actor_label: str = "", note: str = ""
) -> StockCount:
    """Record a physical count at ``site``; lines left out were not counted.

    For each counted line the difference from the ledger becomes a COUNT movement, so
    afterwards the balance equals what was counted. For an item that tracks lots, a
    line with no lot counts the stock on record without one. Items counted whose
    balances are no longer below zero lose their recount flag.
    """
    check_site(program, site)
    if not counted:
        raise ValidationError(_("Enter at least one number: nothing was counted."))
    item_ids = {item_id for item_id, _lot in counted}
    items = {item.pk: item for item in SupplyItem.unscoped.filter(pk__in=item_ids)}
    lot_ids = {lot_id for _item, lot_id in counted if lot_id is not None}
    lots = {lot.pk: lot for lot in Lot.unscoped.filter(pk__in=lot_ids)}
    for (item_id, lot_id), number in counted.items():
        if item_id not in items:
            raise ValidationError(_("That item is not in this program's catalog."))
        check_item(program, items[item_id])
        if lot_id is not None and (lot_id not in lots or lots[lot_id].item_id != item_id):
            raise ValidationError(
                _("That lot is not a lot of %(item)s.") % {"item": items[item_id].name}
            )
        if not isinstance(number, int) or number < 0 or number > MAX_QUANTITY:
            raise ValidationError(_("Give each count as a whole number, 0 or more."))
    with transaction.atomic():
        balances = lock_item_balances(program, [(site.pk, item_id) for item_id in item_ids])
        on_lots = defaultdict(int)
        by_lot = {}
        for row in LotBalance.unscoped.filter(site=site, item_id__in=item_ids):
            on_lots[row.item_id] += row.on_hand
            by_lot[row.lot_id] = row.on_hand
        stock_count = StockCount.unscoped.create(
            program=program,
            site=site,
            note=(note or "").strip()[:200],
            counted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        lines, rows = [], []
        for (item_id, lot_id), number in sorted(counted.items(), key=_order):
            on_hand = balances[(site.pk, item_id)].on_hand
            if lot_id is not None:
                expected = by_lot.get(lot_id, 0)
            elif items[item_id].tracks_lots:
                expected = on_hand - on_lots[item_id]
            else:
                expected = on_hand
            rows.append(
                StockCountLine(
                    stock_count=stock_count,
                    item_id=item_id,
                    lot_id=lot_id,
                    expected=expected,
                    counted=number,
                    difference=number - expected,
                )
            )
            lines.append(Line(site.pk, item_id, number - expected, lot_id))
        StockCountLine.unscoped.bulk_create(rows)
        keys = [(site.pk, item_id) for item_id in sorted(item_ids)]
        post(
            program,
            lines,
            kind=MovementKind.COUNT,
            actor=actor,
            stock_count=stock_count,
            note=_note(stock_count),
            touch=keys,
        )
        short_lots = set(
            LotBalance.unscoped.filter(site=site, item_id__in=item_ids, on_hand__lt=0).values_list(
                "item_id", flat=True
            )
        )
        clear_recount([key for key in keys if key[1] not in short_lots])
        log_event(
            "stock.count",
            actor=actor,
            actor_label=actor_label,
            obj=stock_count,
            extra={
                "site": site.pk,
                "lines": [
                    {
                        "item": r.item_id,
                        "lot": r.lot_id,
                        "expected": r.expected,
                        "counted": r.counted,
                    }
                    for r in rows
                ],
            },
        )
    return stock_count


def _order(entry):
    (item_id, lot_id), _number = entry
    return (item_id, lot_id is not None, lot_id or 0)


def _note(stock_count: StockCount) -> str:
    return f"count {stock_count.pk}"


def variance_report(program, *, since: dt.datetime, until: dt.datetime, site=None) -> list[dict]:
    """Counted differences per site and item over a period: how many counts found one,
    the net difference and the total of its sizes (a loss and a find do not cancel). One query."""
    lines = StockCountLine.objects.filter(
        stock_count__program=program,
        stock_count__counted_at__gte=since,
        stock_count__counted_at__lt=until,
    )
    if site is not None:
        lines = lines.filter(stock_count__site=site)
    rows = (
        lines.values(
            "stock_count__site_id",
            "stock_count__site__name",
            "item_id",
            "item__name",
            "item__unit",
        )
        .annotate(
            counts=Count("stock_count", distinct=True),
            net=Sum("difference"),
            size=Sum(Abs("difference")),
            last=Max("stock_count__counted_at"),
        )
        .order_by("-size", "stock_count__site__name", "item__name")
    )
    return [
        {
            "site_id": row["stock_count__site_id"],
            "site": row["stock_count__site__name"],
            "item_id": row["item_id"],
            "item": row["item__name"],
            "unit": row["item__unit"],
            "counts": row["counts"],
            "net": row["net"],
            "size": row["size"],
            "last": row["last"],
        }
        for row in rows
    ]
