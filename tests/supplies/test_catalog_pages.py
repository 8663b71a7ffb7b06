"""Catalog management for coordinators."""

from __future__ import annotations

import pytest

from tests.encounters.helpers import catalog
from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.supplies.models import StockBalance, SupplyItem


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
