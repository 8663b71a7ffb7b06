"""Building blocks for inventory tests: a stocked program, ledger checks, backdated history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from unittest import mock

from django.db.models import Sum

from tests.encounters.helpers import catalog
from tests.factories import SiteFactory
from waypoint.core.models import SiteKind
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import (
    LotBalance,
    MovementKind,
    StockBalance,
    StockMovement,
    StockOutDay,
    SupplyItem,
)
from waypoint.supplies.services.transfers import in_transit

TRANSFER_KINDS = (MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN, MovementKind.TRANSFER_RETURN)


def stocked_catalog(program) -> dict[str, SupplyItem]:
    """The demo catalog with naloxone and fentanyl test strips tracking lots."""
    items = catalog(program)
    SupplyItem.unscoped.filter(pk__in=[items["naloxone"].pk, items["strip"].pk]).update(
        tracks_lots=True
    )
    for key in ("naloxone", "strip"):
        items[key].refresh_from_db()
    return items


def van(program, name="Van"):
    return SiteFactory(program=program, name=name, kind=SiteKind.MOBILE)


def movement_snapshot() -> dict[int, tuple]:
    """Every ledger row as stored, to show later that none was changed in place."""
    fields = [f.attname for f in StockMovement._meta.concrete_fields]
    return {row[0]: row for row in StockMovement.unscoped.order_by("pk").values_list(*fields)}


def assert_ledger_consistent(program) -> None:
    """Every cached balance equals the sum of its ledger rows, and nothing is lost in transit."""
    sums = defaultdict(int)
    for site, item, total in (
        StockMovement.unscoped.filter(program=program)
        .values_list("site", "item")
        .annotate(total=Sum("quantity"))
        .order_by()
    ):
        sums[(site, item)] = total
    balances = {(b.site_id, b.item_id): b for b in StockBalance.unscoped.filter(program=program)}
    for key, total in sums.items():
        assert key in balances or total == 0, f"no balance row for {key} (ledger says {total})"
    for key, balance in balances.items():
        assert balance.on_hand == sums.get(key, 0), (
            f"balance {key} is {balance.on_hand}, ledger says {sums.get(key, 0)}"
        )
        if balance.on_hand < 0:
            assert balance.needs_recount, f"{key} is below zero but not flagged for a recount"
    lot_sums = defaultdict(int)
    for site, lot, total in (
        StockMovement.unscoped.filter(program=program, lot__isnull=False)
        .values_list("site", "lot")
        .annotate(total=Sum("quantity"))
        .order_by()
    ):
        lot_sums[(site, lot)] = total
    lot_balances = {(b.site_id, b.lot_id): b for b in LotBalance.unscoped.filter(program=program)}
    for key, total in lot_sums.items():
        assert key in lot_balances or total == 0, f"no lot balance row for {key}"
    for key, balance in lot_balances.items():
        assert balance.on_hand == lot_sums.get(key, 0), (
            f"lot balance {key} is {balance.on_hand}, ledger says {lot_sums.get(key, 0)}"
        )
    # Conservation: what is on shelves plus what is on the way equals everything that came
    # into or left the program; transfers only move it around.
    outside = (
        StockMovement.unscoped.filter(program=program)
        .exclude(kind__in=TRANSFER_KINDS)
        .aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    with program_scope(program):
        on_way = sum(in_transit(program).values())
    shelves = sum(b.on_hand for b in balances.values())
    assert shelves + on_way == outside, f"shelves {shelves} + on the way {on_way} != {outside}"
    out_days = set(StockOutDay.unscoped.filter(program=program).values_list("site_id", "item_id"))
    for key, balance in balances.items():
        if balance.on_hand <= 0 and key in sums:
            assert key in out_days, f"{key} is at {balance.on_hand} but no stock-out day was noted"


def assert_unchanged(before: dict[int, tuple]) -> None:
    after = movement_snapshot()
    for pk, row in before.items():
        assert after.get(pk) == row, (
            f"ledger row {pk} was changed or removed: {row} -> {after.get(pk)}"
        )


@contextmanager
def clock(at: dt.datetime):
    """Run code as if it were ``at`` (for building a dated history of movements)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield
