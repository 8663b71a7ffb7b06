"""The visits API: idempotent create, list, void — scoped to the caller's program and audited."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from waypoint.audit.models import AuditEvent
from waypoint.encounters.models import Encounter
from waypoint.supplies.models import StockBalance

from .helpers import catalog, device, participant


@pytest.fixture
def items(world):
    return catalog(world.program)


@pytest.fixture
def api(world):
    raw, token = device(world.program, "peer")
    client = Client()

    def call(method: str, path: str, body=None, *, token_raw=raw):
        return client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(body or {}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token_raw}",
        )

    call.device = token
    return call


def payload(world, catalog_items, **fields):
    body = {
        "client_uuid": str(uuid.uuid4()),
        "site_id": world.site.pk,
        "items": [
            {"item_id": catalog_items["kit"].pk, "quantity": 2},
            {"item_id": catalog_items["naloxone"].pk, "quantity": 1},
        ],
    }
    body.update(fields)
    return body


def messages_of(response) -> str:
    return response.json()["detail"]


def test_a_device_logs_a_visit_and_a_replay_returns_it(world, items, api):
    body = payload(world, items, returns={"method": "weight", "pounds": "1"}, services=["hcv_test"])
    first = api("POST", "/visits", body)
    assert first.status_code == 201, first.content
    visit = first.json()
    assert visit["syringes_given"] == 20 and visit["naloxone_doses_given"] == 2
    assert visit["syringes_collected"] == 281 and visit["services"] == ["hcv_test"]
    assert visit["recount_item_ids"] == sorted([items["kit"].pk, items["naloxone"].pk])
    again = api("POST", "/visits", body)
    assert again.status_code == 200 and again.json()["id"] == visit["id"]
    assert Encounter.unscoped.count() == 1
    assert StockBalance.unscoped.get(item=items["kit"]).on_hand == -2
    encounter = Encounter.unscoped.get()
    assert encounter.device == api.device and encounter.staff is None
    event = AuditEvent.unscoped.get(action="encounter.create")
    assert event.actor_label == f"device {api.device.pk}"


def test_a_reused_uuid_with_other_content_is_a_conflict(world, items, api):
    body = payload(world, items)
    api("POST", "/visits", body)
    body["items"] = [{"item_id": items["kit"].pk, "quantity": 5}]
    response = api("POST", "/visits", body)
    assert response.status_code == 409 and "already used" in response.json()["detail"]
    assert StockBalance.unscoped.get(item=items["kit"]).on_hand == -2


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"items": [{"item_id": 999_999, "quantity": 1}]}, 404, "not in this program's catalog"),
        ({"items": [{"item_id": 1, "quantity": 10**6}]}, 422, ""),
        ({"items": [{"item_id": 1, "quantity": -3}]}, 422, ""),
        ({"items": [{"item_id": "KIT", "quantity": 1}]}, 422, ""),
        ({"occurred_at": "2999-01-01T00:00:00Z"}, 409, "in the future"),
        ({"occurred_at": "2025-01-01T00:00:00"}, 409, "time zone"),
        ({"site_id": None}, 409, "which site"),
        ({"services": ["astrology"]}, 422, ""),
        (
            {"kit_outcome": "lost", "reversal": {"relationship": "friend"}},
            409,
            "used in an overdose",
        ),
    ],
    ids=[
        "unknown-item",
        "absurd",
        "negative",
        "not-a-number",
        "future",
        "naive-time",
        "no-site",
        "unknown-service",
        "reversal-without-used-kit",
    ],
)
def test_bad_input_is_refused_and_stores_nothing(world, items, api, fields, status, message):
    response = api("POST", "/visits", payload(world, items, **fields))
    assert response.status_code == status, response.content
    if message:
        assert message in messages_of(response)
    assert not Encounter.unscoped.exists() and not StockBalance.unscoped.exists()


def test_more_than_an_items_limit_is_refused(world, items, api):
    body = payload(world, items, items=[{"item_id": items["kit"].pk, "quantity": 21}])
    response = api("POST", "/visits", body)
    assert response.status_code == 409 and "more than the 20" in messages_of(response)
    assert not Encounter.unscoped.exists()


def test_another_programs_participant_or_site_is_refused(world, items, api):
    stranger = participant(world.other_program)
    response = api("POST", "/visits", payload(world, items, participant_id=stranger.pk))
    assert response.status_code == 404 and "not in this program's records" in messages_of(response)
    response = api("POST", "/visits", payload(world, items, site_id=world.other_site.pk))
    assert response.status_code == 404 and "open sites" in messages_of(response)
    assert not Encounter.unscoped.exists()


def test_an_opted_out_participant_is_refused(world, items, api):
    person = participant(world.program, status="opted_out")
    response = api("POST", "/visits", payload(world, items, participant_id=person.pk))
    assert response.status_code == 409 and "anonymous" in messages_of(response)


def test_a_reversal_report_comes_with_the_visit(world, items, api):
    from waypoint.overdoses.models import OverdoseReport

    body = payload(
        world,
        items,
        kit_outcome="used_overdose",
        reversal={"relationship": "partner_family", "naloxone_doses": "3+", "called_911": True},
    )
    assert api("POST", "/visits", body).status_code == 201
    report = OverdoseReport.unscoped.get()
    assert report.naloxone_doses == "3+" and report.called_911 is True and report.counts_as_reversal


def test_staff_list_and_void_visits_of_their_program_only(world, items, api):
    person = participant(world.program)
    created = api("POST", "/visits", payload(world, items, participant_id=person.pk)).json()
    staff_raw, _ = device(world.program, "staff")
    listed = api("GET", f"/visits?participant_id={person.pk}", token_raw=staff_raw)
    assert listed.status_code == 200 and [v["id"] for v in listed.json()] == [created["id"]]
    assert AuditEvent.unscoped.filter(action="encounter.list").exists()
    assert api("GET", "/visits").status_code == 403  # a peer device sees no history

    refused = api("POST", f"/visits/{created['id']}/void", {"reason": ""}, token_raw=staff_raw)
    assert refused.status_code == 409 and "reason" in messages_of(refused)
    voided = api(
        "POST", f"/visits/{created['id']}/void", {"reason": "entered twice"}, token_raw=staff_raw
    )
    assert voided.status_code == 200 and voided.json()["void_reason"] == "entered twice"
    assert StockBalance.unscoped.get(item=items["kit"]).on_hand == 0
    assert api("GET", "/visits", token_raw=staff_raw).json() == []

    other_raw, _ = device(world.other_program, "staff")
    assert api("GET", f"/visits/{created['id']}", token_raw=other_raw).status_code == 404
    assert api("GET", "/visits?include_voided=true", token_raw=other_raw).json() == []


def test_the_catalog_is_listed_for_devices(world, items, api):
    response = api("GET", "/supply-items")
    assert response.status_code == 200
    names = [item["name"] for item in response.json()]
    assert names[0].startswith("Syringe kit") and "Cookers" in names


def test_a_session_visit_defaults_to_the_current_site(world, items, client_for):
    client = client_for(world.member)
    body = payload(world, items, site_id=None)
    response = client.post("/api/v1/visits", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["site_id"] == world.site.pk
