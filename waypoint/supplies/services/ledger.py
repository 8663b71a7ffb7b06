"""The stock ledger: the only writer of stock movements.

``record_movements`` is the visit's path (one site, a few items, in every visit's
transaction, with hand-written SQL for the balances). ``post`` is the path of inventory
documents (receipts, transfers, counts, adjustments, write-offs, imports): it appends
movements and moves the cached balances they touch, in the caller's
transaction. Balance rows are locked in one global order — every item balance by
(site id, item id), then lot balances by (site id, lot id) — the same order the visit
path uses (it locks one site's items in item order), so writers never deadlock. The
item balance lock of (site, item) is taken before any of that item's lot balances at
the site, so it also serializes every change to those lots.

Never refuses: a balance that ends below zero flags its item at that site for a
recount; a balance at or below zero records a stock-out day, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ..models import LotBalance, MovementKind, StockBalance, StockMovement, StockOutDay
from .lots import allocate_lots, move_lot_balances


@dataclass(frozen=True)
class Line:
    """One signed change of stock: positive adds to ``site_id``'s shelf, negative removes."""

    site_id: int
    item_id: int
    quantity: int
    lot_id: int | None = None
    unit_cost: Decimal | None = None


@dataclass
class Posted:
    movements: list[StockMovement]
    # (site id, item id) whose on-hand ended below zero, or whose lot did: flagged.
    recount: set[tuple[int, int]] = field(default_factory=set)
    # (site id, item id) -> on-hand after the posting.
    on_hand: dict[tuple[int, int], int] = field(default_factory=dict)


def lock_item_balances(
    program, keys: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], StockBalance]:
    """Lock (creating when missing) the balances of (site id, item id) pairs, in key order."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    rows = _select(StockBalance, "item_id", keys)
    missing = [key for key in keys if key not in rows]
    if missing:
        StockBalance.unscoped.bulk_create(
            [StockBalance(program=program, site_id=s, item_id=i) for s, i in missing],
            ignore_conflicts=True,
        )
        rows = _select(StockBalance, "item_id", keys)
    return rows


def lock_lot_balances(
    program, keys: Iterable[tuple[int, int, int]]
) -> dict[tuple[int, int], LotBalance]:
    """Lock (creating when missing) lot balances of (site id, lot id, item id), in (site, lot) order.

    Call with the item balances of the same (site, item) pairs already locked.
    """
    item_of = {(site, lot): item for site, lot, item in keys}
    wanted = sorted(item_of)
    if not wanted:
        return {}
    rows = _select(LotBalance, "lot_id", wanted)
    missing = [key for key in wanted if key not in rows]
    if missing:
        LotBalance.unscoped.bulk_create(
            [
                LotBalance(program=program, site_id=s, lot_id=lot, item_id=item_of[(s, lot)])
                for s, lot in missing
            ],
            ignore_conflicts=True,
        )
        rows = _select(LotBalance, "lot_id", wanted)
    return rows


def _select(model, column: str, keys: list[tuple[int, int]]) -> dict:
    condition = Q()
    for site_id, group in groupby(keys, key=itemgetter(0)):
        condition |= Q(site_id=site_id, **{f"{column}__in": [key for _, key in group]})
    rows = model.unscoped.filter(condition).order_by("site_id", column).select_for_update()
    return {(row.site_id, getattr(row, column)): row for row in rows}


def post(
    program,
    lines: Iterable[Line],
    *,
    kind: str,
    actor=None,
    reason: str = "",
    note: str = "",
    receipt=None,
    transfer=None,
    stock_count=None,
    touch: Iterable[tuple[int, int]] = (),
) -> Posted:
    """Append one movement per line and move the balances they touch by the same amounts.

    Runs in the caller's transaction, which must be open. ``touch`` names extra
    (site, item) pairs to lock even when their lines net to zero (a count that moves
    stock between lots of one item). Returns the movements and what was flagged.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("post() must run inside the caller's transaction.")
    lines = [line for line in lines if line.quantity]
    item_delta: dict[tuple[int, int], int] = defaultdict(int)
    lot_delta: dict[tuple[int, int], int] = defaultdict(int)
    lot_item: dict[int, int] = {}
    for line in lines:
        item_delta[(line.site_id, line.item_id)] += line.quantity
        if line.lot_id is not None:
            lot_delta[(line.site_id, line.lot_id)] += line.quantity
            lot_item[line.lot_id] = line.item_id
    for key in touch:
        item_delta.setdefault(key, 0)
    items = lock_item_balances(program, item_delta)
    lots = lock_lot_balances(program, [(s, lot, lot_item[lot]) for s, lot in lot_delta])
    user = actor if getattr(actor, "is_authenticated", False) else None
    movements = StockMovement.unscoped.bulk_create(
        StockMovement(
            program=program,
            site_id=line.site_id,
            item_id=line.item_id,
            lot_id=line.lot_id,
            kind=kind,
            quantity=line.quantity,
            unit_cost=line.unit_cost,
            reason=reason,
            note=note,
            actor=user,
            receipt=receipt,
            transfer=transfer,
            stock_count=stock_count,
        )
        for line in lines
    )
    now = timezone.now()
    posted = Posted(movements)
    for (site_id, lot_id), delta in lot_delta.items():
        balance = lots[(site_id, lot_id)]
        balance.on_hand += delta
        balance.updated_at = now
        if balance.on_hand < 0:
            posted.recount.add((site_id, lot_item[lot_id]))
    out = []
    for key, delta in item_delta.items():
        balance = items[key]
        balance.on_hand += delta
        balance.updated_at = now
        if balance.on_hand < 0:
            posted.recount.add(key)
        if key in posted.recount:
            balance.needs_recount = True
        if balance.on_hand <= 0 and delta:
            out.append(key)
        posted.on_hand[key] = balance.on_hand
    if items:
        StockBalance.unscoped.bulk_update(
            list(items.values()), ["on_hand", "needs_recount", "updated_at"]
        )
    if lots:
        LotBalance.unscoped.bulk_update(list(lots.values()), ["on_hand", "updated_at"])
    record_stock_out_days(program, out)
    return posted


def record_stock_out_days(program, keys: Iterable[tuple[int, int]], *, day=None) -> None:
    """Note that each (site id, item id) was out of stock today (once per day)."""
    day = day or timezone.localdate()
    rows = [
        StockOutDay(program_id=getattr(program, "pk", program), site_id=s, item_id=i, day=day)
        for s, i in keys
    ]
    if rows:
        StockOutDay.unscoped.bulk_create(rows, ignore_conflicts=True)


def clear_recount(keys: Iterable[tuple[int, int]]) -> None:
    """Clear the recount flag of (site id, item id) pairs whose balances are locked by the caller."""
    condition = Q()
    for site_id, item_id in keys:
        condition |= Q(site_id=site_id, item_id=item_id, on_hand__gte=0)
    if condition:
        StockBalance.unscoped.filter(condition).update(
            needs_recount=False, updated_at=timezone.now()
        )


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
