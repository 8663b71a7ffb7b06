"""The stock ledger: append-only movements, balances in step, counts."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.encounters.helpers import catalog
from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import (
    LedgerError,
    MovementKind,
    StockBalance,
    StockMovement,
)
from waypoint.supplies.services.counts import record_stock_count
from waypoint.supplies.services.ledger import record_movements


@pytest.fixture
def items(world):
    return catalog(world.program)


def test_balances_follow_the_sum_of_movements(world, items):
    kit, strip = items["kit"], items["strip"]
    with transaction.atomic():
        record_movements(
            program=world.program,
            site=world.site,
            changes={kit.pk: 100, strip.pk: 20},
            kind=MovementKind.RECEIVE,
        )
        record_movements(
            program=world.program,
            site=world.site,
            changes={kit.pk: -30, strip.pk: 0},
            kind=MovementKind.DISTRIBUTE,
        )
    for item in (kit, strip):
        total = sum(
            StockMovement.unscoped.filter(site=world.site, item=item).values_list(
                "quantity", flat=True
            )
        )
        assert StockBalance.unscoped.get(site=world.site, item=item).on_hand == total
    assert StockMovement.unscoped.filter(item=strip).count() == 1


def test_movements_cannot_be_changed_or_deleted(world, items):
    with transaction.atomic():
        record_movements(
            program=world.program,
            site=world.site,
            changes={items["kit"].pk: 5},
            kind=MovementKind.RECEIVE,
        )
    movement = StockMovement.unscoped.get()
    movement.quantity = 50
    with pytest.raises(LedgerError):
        movement.save()
    with pytest.raises(LedgerError):
        movement.delete()


def test_a_count_sets_on_hand_and_clears_the_recount_flag(world, items):
    kit = items["kit"]
    with transaction.atomic():
        flagged = record_movements(
            program=world.program,
            site=world.site,
            changes={kit.pk: -4},
            kind=MovementKind.DISTRIBUTE,
        )
    assert flagged == {kit.pk}
    assert StockBalance.unscoped.get(site=world.site, item=kit).needs_recount
    with program_scope(world.program):
        record_stock_count(world.program, world.site, {(kit.pk, None): 37}, actor=world.owner)
    balance = StockBalance.unscoped.get(site=world.site, item=kit)
    assert balance.on_hand == 37 and not balance.needs_recount
    assert StockMovement.unscoped.filter(kind=MovementKind.COUNT).get().quantity == 41
    assert AuditEvent.unscoped.filter(action="stock.count").exists()
