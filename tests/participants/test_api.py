"""API: search, enrol (409 on a taken code) and read, scoped to the caller's program and audited."""

from __future__ import annotations

import json

import pytest

from tests.encounters.helpers import device
from waypoint.audit.models import AuditEvent
from waypoint.participants.models import Participant

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/participants"


def _call(client, method, url, token, body=None):
    return client.generic(
        method,
        url,
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def token(world):
    return device(world.program, "peer")[0]


def test_create_from_answers_then_read_and_search(world, client, token):
    answers = {
        "mother2": "Ana",
        "father2": "Luis",
        "birth_order": "1",
        "month": "7",
        "day": "4",
        "year4": "1990",
    }
    created = _call(client, "POST", BASE, token, {"answers": answers, "alias": "Red"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["code"] == "ANLU0107041990" and body["can_visit"] is True

    one = _call(client, "GET", f"{BASE}/{body['id']}", token)
    assert one.status_code == 200 and one.json()["alias"] == "Red"
    found = _call(client, "GET", f"{BASE}?q=anlu01", token)
    assert [p["id"] for p in found.json()] == [body["id"]]
    actions = set(AuditEvent.unscoped.values_list("action", flat=True))
    assert {"participant.create", "participant.view", "participant.search"} <= actions
    search = AuditEvent.unscoped.get(action="participant.search")
    assert "anlu" not in json.dumps(search.extra).lower()


def test_duplicate_code_is_409_with_the_existing_record(world, client, token):
    existing = ParticipantFactory(program=world.program, code="ANLU0107041990")
    response = _call(client, "POST", BASE, token, {"code": "anlu-0107041990"})
    assert response.status_code == 409
    assert response.json()["existing_id"] == existing.pk
    assert "already enrolled" in response.json()["detail"]
    assert Participant.unscoped.count() == 1


@pytest.mark.parametrize(
    "body,message",
    [
        ({}, "Send a code"),
        ({"answers": {"mother2": "Ana", "father2": "Luis", "month": "14"}}, "month"),
    ],
)
def test_unusable_input_is_refused_and_stores_nothing(world, client, token, body, message):
    response = _call(client, "POST", BASE, token, body)
    assert response.status_code == 409
    assert message in response.json()["detail"]
    assert not Participant.unscoped.exists()


def test_bad_zip_is_422(world, client, token):
    response = _call(client, "POST", BASE, token, {"code": "ABC", "zip_code": "12"})
    assert response.status_code == 422
    assert not Participant.unscoped.exists()


def test_other_programs_are_invisible(world, client, token):
    other = ParticipantFactory(program=world.other_program, code="ANLU0107041990")
    assert _call(client, "GET", f"{BASE}/{other.pk}", token).status_code == 404
    assert _call(client, "GET", f"{BASE}?q=ANLU", token).json() == []
