"""History, one visit, corrections and voids through the pages; the window settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter, VisitSettings
from waypoint.encounters.services import log_encounter
from waypoint.supplies.models import StockBalance

from .helpers import catalog, participant, visit


@pytest.fixture
def items(world):
    return catalog(world.program)


def logged(world, **fields):
    with program_scope(world.program):
        return log_encounter(
            world.program, visit(world.site, **fields), actor=world.member
        ).encounter


def test_history_lists_visits_for_staff_but_not_peers(world, client_for, items):
    person = participant(world.program)
    first = logged(world, participant=person, items={items["kit"]: 1})
    logged(world, participant=person, items={items["strip"]: 4})
    html = client_for(world.member).get(f"/window/history/{person.pk}/").content.decode()
    assert "1 × Syringe kit" in html and "4 × Fentanyl test strip" in html
    assert f"/visits/{first.pk}/" in html
    peer = member(world.program, Role.PEER)
    assert client_for(peer).get(f"/window/history/{person.pk}/").status_code == 403
    assert client_for(peer).get(f"/visits/{first.pk}/").status_code == 403


def test_a_correction_through_the_page_moves_stock_and_is_audited(world, client_for, items):
    encounter = logged(world, items={items["kit"]: 3})
    client = client_for(world.member)
    page = client.get(f"/visits/{encounter.pk}/edit/")
    assert page.status_code == 200 and 'value="3"' in page.content.decode()
    response = client.post(
        f"/visits/{encounter.pk}/edit/",
        {
            "client_uuid": str(encounter.client_uuid),
            f"item-{items['kit'].pk}": "1",
            "occurred_at": timezone.localtime(encounter.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "modality": encounter.modality,
        },
    )
    assert response.status_code == 302
    encounter.refresh_from_db()
    assert encounter.syringes_given == 10 and encounter.edited_at is not None
    assert encounter.occurred_at == Encounter.unscoped.get(pk=encounter.pk).occurred_at
    assert StockBalance.unscoped.get(item=items["kit"]).on_hand == -1
    assert AuditEvent.unscoped.filter(action="encounter.edit", object_id=str(encounter.pk)).exists()


def test_an_old_visit_cannot_be_corrected_but_a_coordinator_can_void_it(world, client_for, items):
    encounter = logged(world, items={items["kit"]: 2})
    Encounter.unscoped.filter(pk=encounter.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    staff = client_for(world.member)
    assert staff.get(f"/visits/{encounter.pk}/edit/").status_code == 302
    staff.post(f"/visits/{encounter.pk}/void/", {"reason": "duplicate"})
    assert Encounter.unscoped.get(pk=encounter.pk).voided_at is None
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    coordinator.post(f"/visits/{encounter.pk}/void/", {"reason": "duplicate"})
    assert Encounter.unscoped.get(pk=encounter.pk).void_reason == "duplicate"
    assert StockBalance.unscoped.get(item=items["kit"]).on_hand == 0


def test_void_without_a_reason_is_refused(world, client_for, items):
    encounter = logged(world, items={items["kit"]: 2})
    response = client_for(world.member).post(
        f"/visits/{encounter.pk}/void/", {"reason": ""}, follow=True
    )
    assert "Give a reason" in response.content.decode()
    assert Encounter.unscoped.get(pk=encounter.pk).voided_at is None


def test_another_programs_visit_is_not_found(world, client_for, items):
    encounter = logged(world, items={items["kit"]: 2})
    outsider = client_for(world.outsider)
    assert outsider.get(f"/visits/{encounter.pk}/").status_code == 404
    assert outsider.post(f"/visits/{encounter.pk}/void/", {"reason": "x"}).status_code == 404


def test_coordinator_sets_weight_and_container_estimates(world, client_for):
    client = client_for(member(world.program, Role.COORDINATOR))
    response = client.post(
        "/window/settings/",
        {
            "syringes_per_pound": "300",
            "edit_window_hours": "12",
            "future_minutes": "10",
            "container-0-label": "Small",
            "container-0-syringes": "50",
            "container-1-label": "",
            "container-1-syringes": "",
        },
    )
    assert response.status_code == 302
    settings = VisitSettings.unscoped.get(program=world.program)
    assert settings.syringes_per_pound == Decimal("300") and settings.edit_window_hours == 12
    assert settings.container_sizes == [{"label": "Small", "syringes": 50}]
    assert AuditEvent.unscoped.filter(action="visit_settings.update").exists()


def test_a_bad_container_size_is_refused(world, client_for):
    client = client_for(member(world.program, Role.COORDINATOR))
    response = client.post(
        "/window/settings/",
        {
            "syringes_per_pound": "281",
            "edit_window_hours": "24",
            "future_minutes": "15",
            "container-0-label": "Huge",
            "container-0-syringes": "999999",
        },
    )
    assert response.status_code == 200 and "between 1 and 5000" in response.content.decode()
    assert not VisitSettings.unscoped.exists()
