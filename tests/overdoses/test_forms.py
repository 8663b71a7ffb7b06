"""The reversal report as the window shows it: its questions, the answers kept after a
refused save, and the stored answers shown again when a visit is corrected."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation

from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.overdoses.forms import reversal_questions
from waypoint.overdoses.models import OverdoseReport
from waypoint.overdoses.services import REPORT_FIELDS

from .helpers import told


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def checked(questions: list[dict]) -> dict[str, list[str]]:
    return {q["name"]: [c["value"] for c in q["choices"] if c["checked"]] for q in questions}


def client_uuid_of(html: str) -> str:
    return re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', html).group(1)


def test_the_questions_come_in_the_order_people_tell_them():
    questions = reversal_questions()
    assert [q["name"] for q in questions] == [
        "relationship",
        "setting",
        "naloxone_doses",
        "naloxone_worked",
        "called_911",
        "ems_arrived",
        "rescue_breathing",
        "stayed_with_person",
        "transported",
    ]
    assert [str(q["label"]) for q in questions[:4]] == [
        "who the person was",
        "where",
        "naloxone doses used",
        "naloxone worked",
    ]


def test_every_question_can_be_answered_not_known():
    for question in reversal_questions():
        labels = {c["value"]: str(c["label"]) for c in question["choices"]}
        assert any(label == "Not known" for label in labels.values()), question["name"]


def test_a_new_form_answers_yes_no_questions_not_known_and_nothing_else():
    found = checked(reversal_questions())
    assert found["relationship"] == found["setting"] == found["naloxone_doses"] == []
    assert all(found[name] == [""] for name in ("naloxone_worked", "called_911", "transported"))


def test_the_posted_answers_are_checked():
    found = checked(
        reversal_questions(
            {"relationship": "stranger", "naloxone_doses": "3+", "ems_arrived": "no"}
        )
    )
    assert found["relationship"] == ["stranger"] and found["naloxone_doses"] == ["3+"]
    assert found["ems_arrived"] == ["no"] and found["called_911"] == [""]


def test_the_window_form_asks_every_question_of_the_report(world, client_for):
    html = client_for(world.member).get("/window/?anonymous=1").content.decode()
    names = set(re.findall(r'name="od-([a-z_0-9]+)"', html))
    assert names == set(REPORT_FIELDS)


def test_a_refused_save_keeps_the_answers_typed(world, client_for):
    client = client_for(world.member)
    form = {
        "client_uuid": client_uuid_of(client.get("/window/?anonymous=1").content.decode()),
        "site": world.site.pk,
        "kit_outcome": "used_overdose",
        "od-relationship": "friend",
        "od-called_911": "yes",
        "od-area": "45202",
        "od-person_age": "35_44",
        "od-occurred_on": "2999-01-01",
    }
    response = client.post("/window/save/", form)
    assert response.status_code == 422
    html = response.content.decode()
    assert "The overdose date is in the future. Check it." in html
    assert re.search(r'name="od-relationship" value="friend" checked', html)
    assert re.search(r'name="od-called_911" value="yes" checked', html)
    assert re.search(r'name="od-area"[^>]*value="45202"', html)
    assert '<option value="35_44" selected>' in html
    assert 'value="2999-01-01"' in html
    assert not Encounter.unscoped.exists() and not OverdoseReport.unscoped.exists()


def test_correcting_a_visit_shows_the_stored_answers(world, client_for):
    with program_scope(world.program):
        encounter = told(
            world,
            {
                "relationship": "partner_family",
                "naloxone_worked": False,
                "transported": True,
                "area": "Over-the-Rhine",
                "person_age": "55_plus",
            },
        )
    html = client_for(world.member).get(f"/visits/{encounter.pk}/edit/").content.decode()
    assert re.search(r'name="od-relationship" value="partner_family" checked', html)
    assert re.search(r'name="od-naloxone_worked" value="no" checked', html)
    assert re.search(r'name="od-transported" value="yes" checked', html)
    assert re.search(r'name="od-called_911" value="" checked', html)
    assert 'value="Over-the-Rhine"' in html and '<option value="55_plus" selected>' in html


def test_a_date_taken_out_when_correcting_a_visit_is_cleared(world, client_for):
    with program_scope(world.program):
        encounter = told(
            world, {"occurred_on": timezone.localdate().isoformat(), "relationship": "friend"}
        )
    response = client_for(world.member).post(
        f"/visits/{encounter.pk}/edit/",
        {
            "client_uuid": str(encounter.client_uuid),
            "kit_outcome": "used_overdose",
            "od-relationship": "friend",
            "od-occurred_on": "",
        },
    )
    assert response.status_code == 302
    report = OverdoseReport.unscoped.get(encounter=encounter)
    assert (report.occurred_on, report.relationship) == (None, "friend")
