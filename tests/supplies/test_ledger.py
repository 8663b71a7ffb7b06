"""The stock ledger: append-only movements, balances in step, counts, and the demo catalog."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.encounters.helpers import catalog
from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope
from waypoint.supplies.counts import record_stock_count
from waypoint.supplies.demo import CATALOG, seed_catalog
from waypoint.supplies.ledger import record_movements
from waypoint.supplies.models import (
    LedgerError,
    MovementKind,
    StockBalance,
    StockMovement,
    SupplyItem,
)


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


def test_the_demo_catalog_is_sensible_and_seeding_twice_adds_nothing(world):
    seed_catalog(world.program)
    seed_catalog(world.program)
    items = SupplyItem.unscoped.filter(program=world.program)
    assert items.count() == len(CATALOG)
    assert {item.category for item in items} >= {"syringes", "naloxone", "test_strips", "disposal"}
    assert items.filter(is_quick=True).count() >= 4
    kit = items.get(name__startswith="Syringe kit")
    assert kit.syringes_per_unit == 10
    assert items.get(name__startswith="Naloxone nasal").naloxone_doses_per_unit == 2


def test_every_demo_program_gets_the_catalog(db):
    from waypoint.demo.network import seed_demo

    network = seed_demo()
    seed_demo()
    for program in network.programs.all():
        assert SupplyItem.unscoped.filter(program=program).count() == len(CATALOG)
