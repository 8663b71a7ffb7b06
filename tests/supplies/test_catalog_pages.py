"""Catalog management for coordinators."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.encounters.helpers import catalog
from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import LotBalance, StockBalance, StockCountLine, SupplyItem
from waypoint.supplies.services.stock import ReceiptLine, receive_stock

from .helpers import stocked_catalog


@pytest.fixture
def coordinator(world):
    return member(world.program, Role.COORDINATOR)


def test_coordinator_adds_a_quick_item(world, client_for, coordinator):
    response = client_for(coordinator).post(
        "/catalog/new/",
        {
            "name": "Syringe kit, 20",
            "category": "syringes",
            "unit": "kit",
            "syringes_per_unit": "20",
            "naloxone_doses_per_unit": "0",
            "max_per_visit": "10",
            "is_quick": "on",
            "is_active": "on",
            "sort_order": "1",
        },
    )
    assert response.status_code == 302
    item = SupplyItem.unscoped.get(name="Syringe kit, 20")
    assert item.program == world.program and item.syringes_per_unit == 20 and item.is_quick
    assert AuditEvent.unscoped.filter(action="supply_item.create", object_id=str(item.pk)).exists()


def test_a_duplicate_name_is_refused(world, client_for, coordinator):
    catalog(world.program)
    response = client_for(coordinator).post(
        "/catalog/new/",
        {
            "name": "Cookers",
            "category": "injection_equipment",
            "unit": "each",
            "syringes_per_unit": "0",
            "naloxone_doses_per_unit": "0",
            "max_per_visit": "10",
            "sort_order": "1",
        },
    )
    assert response.status_code == 200
    assert SupplyItem.unscoped.filter(name="Cookers").count() == 1


def test_staff_cannot_manage_the_catalog(world, client_for):
    assert client_for(world.member).get("/catalog/").status_code == 403


def test_the_catalog_shows_on_hand_and_takes_a_count(world, client_for, coordinator):
    kit = catalog(world.program)["kit"]
    client = client_for(coordinator)
    response = client.post(f"/catalog/{kit.pk}/count/", {"counted": "120"})
    assert response.status_code == 302
    assert StockBalance.unscoped.get(site=world.site, item=kit).on_hand == 120
    html = client.get("/catalog/").content.decode()
    assert "Syringe kit, 10" in html and ">120<" in html.replace(" ", "")


def test_a_quick_count_is_a_count_sheet_line_and_shows_on_the_variance_page(
    world, client_for, coordinator
):
    kit = catalog(world.program)["kit"]
    client = client_for(coordinator)
    with program_scope(world.program):
        receive_stock(world.program, world.site, [ReceiptLine(kit, 10)], actor=coordinator)
    client.post(f"/catalog/{kit.pk}/count/", {"counted": "4"})
    line = StockCountLine.unscoped.get(item=kit)
    assert (line.expected, line.counted, line.difference) == (10, 4, -6)
    assert StockBalance.unscoped.get(site=world.site, item=kit).on_hand == 4
    detail = client.get(f"/stock/counts/{line.stock_count_id}/").content.decode()
    assert "Quick count from the catalog" in detail


def test_an_item_counted_by_lot_goes_to_the_count_sheet_and_its_lots_stay_true(
    world, client_for, coordinator
):
    # Receive 10 naloxone in lot L1, then try the catalog's quick count with 4: the item
    # balance must never say 4 while the lot still says 10.
    naloxone = stocked_catalog(world.program)["naloxone"]
    client = client_for(coordinator)
    with program_scope(world.program):
        receive_stock(
            world.program,
            world.site,
            [ReceiptLine(naloxone, 10, "L1", dt.date(2030, 1, 1))],
            actor=coordinator,
        )
    response = client.post(f"/catalog/{naloxone.pk}/count/", {"counted": "4"})
    assert response["Location"] == f"/stock/sites/{world.site.pk}/count/"
    item = StockBalance.unscoped.get(site=world.site, item=naloxone).on_hand
    lot = LotBalance.unscoped.get(site=world.site, item=naloxone).on_hand
    assert item == lot == 10
    assert f'href="/stock/sites/{world.site.pk}/count/"' in client.get("/catalog/").content.decode()
