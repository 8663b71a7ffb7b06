"""Writes to the catalog and the stock ledger. Each public function is one audited transaction,
except ``record_movements``, which joins its caller's transaction (a visit, a count)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from waypoint.audit.services import log_event

from .ledger import record_stock_out_days
from .lots import allocate_lots, move_lot_balances
from .models import MovementKind, StockBalance, StockMovement, SupplyItem

ITEM_FIELDS = (
    "name",
    "category",
    "unit",
    "syringes_per_unit",
    "naloxone_doses_per_unit",
    "max_per_visit",
    "is_quick",
    "is_active",
    "sort_order",
)


def save_item(item: SupplyItem, *, actor) -> SupplyItem:
    """Create or update a catalog item of ``item.program``."""
    created = item.pk is None
    with transaction.atomic():
        item.full_clean()
        item.save()
        log_event(
            "supply_item.create" if created else "supply_item.update",
            actor=actor,
            obj=item,
            extra={f: _plain(getattr(item, f)) for f in ITEM_FIELDS},
        )
    return item


def _plain(value):
    return value if isinstance(value, (bool, int)) else str(value)


def record_movements(
    *, program, site, changes: dict[int, int], kind: str, actor=None, encounter=None, note: str = ""
) -> set[int]:
    """Append one movement per item and move the site's balances by the same amounts.

    ``changes`` maps item id to a signed quantity (negative removes stock). Runs in the
    caller's transaction, which must be open. Never refuses: an item whose balance ends
    below zero is flagged for a recount, and its id is returned; one at or below zero
    records a stock-out day. Distribution and visit corrections are split across the
    site's lots of items that track them (earliest expiry first; see ``lots.py``).

    Balance rows are locked in item order (``SELECT … FOR UPDATE`` on PostgreSQL; on
    SQLite the IMMEDIATE transaction already serializes writers) and moved with one
    relative ``UPDATE``, so concurrent visits at one site never lose an update.
    """
    changes = {item_id: qty for item_id, qty in changes.items() if qty}
    if not changes:
        return set()
    ids = sorted(changes)
    before = _lock_balances(site, ids)
    missing = [item_id for item_id in ids if item_id not in before]
    if missing:
        StockBalance.unscoped.bulk_create(
            [StockBalance(program=program, site=site, item_id=item_id) for item_id in missing],
            ignore_conflicts=True,
        )
        before = _lock_balances(site, ids)
    if kind in (MovementKind.DISTRIBUTE, MovementKind.CORRECTION):
        lines = allocate_lots(site.pk, changes, encounter_id=encounter.pk if encounter else None)
    else:
        lines = [(item_id, None, changes[item_id]) for item_id in ids]
    StockMovement.unscoped.bulk_create(
        StockMovement(
            program=program,
            site=site,
            item_id=item_id,
            lot_id=lot_id,
            kind=kind,
            quantity=quantity,
            encounter=encounter,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=note,
        )
        for item_id, lot_id, quantity in lines
    )
    _move_balances(site, changes, ids)
    move_lot_balances(site.pk, lines)
    after = {item_id: before[item_id] + changes[item_id] for item_id in ids}
    record_stock_out_days(program, [(site.pk, i) for i in ids if after[i] <= 0])
    return {item_id for item_id in ids if after[item_id] < 0}


# Hand-written because this runs in every visit's transaction: the ORM's CASE/F()
# expression costs more to build than the statement takes to run.
_MOVE = (
    "UPDATE {table} SET on_hand = on_hand + (CASE item_id {whens} ELSE 0 END), "
    "needs_recount = CASE WHEN on_hand + (CASE item_id {whens} ELSE 0 END) < 0 THEN %s "
    "ELSE needs_recount END, updated_at = %s WHERE site_id = %s AND item_id IN ({ids})"
)
_LOCK = "SELECT item_id, on_hand FROM {table} WHERE site_id = %s AND item_id IN ({ids}) ORDER BY item_id"


def _move_balances(site, changes: dict[int, int], ids: list[int]) -> None:
    whens = " ".join(["WHEN %s THEN %s"] * len(ids))
    sql = _MOVE.format(
        table=StockBalance._meta.db_table, whens=whens, ids=", ".join(["%s"] * len(ids))
    )
    deltas = [value for item_id in ids for value in (item_id, changes[item_id])]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*deltas, *deltas, True, now, site.pk, *ids])


def _lock_balances(site, ids: list[int]) -> dict[int, int]:
    """Lock the site's balance rows of ``ids`` in item order; their on-hand before the change."""
    sql = _LOCK.format(table=StockBalance._meta.db_table, ids=", ".join(["%s"] * len(ids)))
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [site.pk, *ids])
        return dict(cursor.fetchall())
