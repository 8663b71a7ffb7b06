"""What reports read from reversal reports: the "reversals" indicator
(``reports/indicators/naloxone.py``) counts a report as soon as it is entered, in its own
program and site only, and stops counting it when it or its visit is withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.encounters.helpers import visit
from tests.factories import SiteFactory
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter, KitOutcome
from waypoint.encounters.services import edit_encounter, void_encounter
from waypoint.reports.indicators import Calculator
from waypoint.reports.period import Period, Scope

from .helpers import told


@pytest.fixture(autouse=True)
def scope(world):
    with program_scope(world.program), translation.override("en"):
        yield


@pytest.fixture
def around_today():
    """Yesterday to tomorrow: today's reports whatever the clock says when they are saved."""
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=1), today + dt.timedelta(days=1))


def reversals(period: Period, scope: Scope) -> int:
    return Calculator(period, scope).count("reversals")


def test_a_report_just_entered_is_counted_in_its_program(world, around_today):
    assert reversals(around_today, Scope.of_program(world.program)) == 0
    told(world, {"relationship": "friend"})
    assert reversals(around_today, Scope.of_program(world.program)) == 1


def test_a_report_entered_at_the_window_is_counted(world, client_for, around_today):
    client = client_for(world.member)
    page = client.get("/window/?anonymous=1").content.decode()
    client_uuid = page.split('name="client_uuid" value="', 1)[1][:36]
    response = client.post(
        "/window/save/",
        {
            "client_uuid": client_uuid,
            "site": world.site.pk,
            "kit_outcome": "used_overdose",
            "od-relationship": "stranger",
        },
    )
    assert response.status_code == 302
    assert reversals(around_today, Scope.of_program(world.program)) == 1


def test_a_participants_own_overdose_is_not_counted(world, around_today):
    told(world, {"relationship": "self"})
    told(world, {"relationship": "unknown"})
    told(world, None)
    assert reversals(around_today, Scope.of_program(world.program)) == 2


def test_a_report_counts_at_its_own_site_and_program_only(world, around_today):
    elsewhere = SiteFactory(program=world.program, name="Van")
    told(world, {"relationship": "friend"})
    assert reversals(around_today, Scope.of_program(world.program, world.site)) == 1
    assert reversals(around_today, Scope.of_program(world.program, elsewhere)) == 0
    with program_scope(world.other_program):
        assert reversals(around_today, Scope.of_program(world.other_program)) == 0
    assert reversals(around_today, Scope.of_network(world.network)) == 1


def test_the_site_breakdown_puts_a_report_under_its_site(world, around_today):
    van = SiteFactory(program=world.program, name="Van")
    told(world, {"relationship": "friend"}, site=van)
    found = Calculator(around_today, Scope.of_program(world.program)).breakdown("reversals", "site")
    assert {c.label: c.measure.value for c in found.categories} == {"Site A": 0, "Van": 1}
    assert found.total.value == 1


def test_a_report_counts_on_the_day_it_was_told_not_the_day_of_the_visit(world, around_today):
    visit_day = timezone.localdate() - dt.timedelta(days=5)
    told(
        world,
        {"relationship": "friend"},
        occurred_at=timezone.make_aware(dt.datetime.combine(visit_day, dt.time(12))),
    )
    assert reversals(Period(visit_day, visit_day), Scope.of_program(world.program)) == 0
    assert reversals(around_today, Scope.of_program(world.program)) == 1


def test_a_voided_visits_report_is_not_counted(world, around_today):
    encounter = told(world, {"relationship": "friend"})
    void_encounter(encounter, actor=world.member, reason="wrong participant")
    assert reversals(around_today, Scope.of_program(world.program)) == 0


def test_a_report_at_a_voided_visit_is_not_counted_even_if_not_withdrawn(world, around_today):
    encounter = told(world, {"relationship": "friend"})
    # Only the visit voided: the count leaves its report out by the visit too.
    Encounter.unscoped.filter(pk=encounter.pk).update(voided_at=timezone.now())
    assert reversals(around_today, Scope.of_program(world.program)) == 0


def test_a_report_withdrawn_by_a_correction_is_not_counted(world, around_today):
    encounter = told(world, {"relationship": "friend"})
    edit_encounter(encounter, visit(world.site, kit_outcome=KitOutcome.LOST), actor=world.member)
    assert reversals(around_today, Scope.of_program(world.program)) == 0


def test_a_visit_corrected_away_and_back_counts_once(world, around_today):
    encounter = told(world, {"relationship": "friend"})
    for outcome in (KitOutcome.LOST, KitOutcome.USED_OVERDOSE):
        edit_encounter(encounter, visit(world.site, kit_outcome=outcome), actor=world.member)
    assert reversals(around_today, Scope.of_program(world.program)) == 1


def test_a_correction_to_the_participants_own_overdose_stops_the_count(world, around_today):
    encounter = told(world, {"relationship": "friend"})
    edit_encounter(
        encounter,
        visit(world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose={"relationship": "self"}),
        actor=world.member,
    )
    assert reversals(around_today, Scope.of_program(world.program)) == 0
