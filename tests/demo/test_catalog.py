"""The demo catalog: sensible items, seeded once per demo program."""

from __future__ import annotations

from waypoint.demo.catalog import CATALOG, seed_catalog
from waypoint.supplies.models import SupplyItem


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
