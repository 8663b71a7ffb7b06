"""Reversal reports: what a report stores, what is refused, its audit trail, its program,
and what a correction or a void of its visit does to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.encounters.helpers import visit
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter, KitOutcome
from waypoint.encounters.services import edit_encounter, log_encounter, void_encounter
from waypoint.overdoses.models import OverdoseReport
from waypoint.overdoses.services import clean_report_fields, void_report

from .helpers import report_of, told

EVERY_ANSWER = {
    "occurred_on": "",  # filled in by the test: a few days before today
    "area": "45202",
    "relationship": "partner_family",
    "setting": "public",
    "naloxone_doses": "3+",
    "naloxone_worked": True,
    "called_911": False,
    "ems_arrived": True,
    "rescue_breathing": False,
    "stayed_with_person": True,
    "transported": False,
    "person_age": "25_34",
    "person_gender": "Woman",
}


@pytest.fixture(autouse=True)
def scope(world):
    with program_scope(world.program):
        yield


# The date checks take "today" as an argument: a fixed day keeps their limits exact.
TODAY = dt.date(2025, 6, 15)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def events(action: str):
    return AuditEvent.unscoped.filter(action=action)


def nothing_stored() -> bool:
    return (
        not Encounter.unscoped.exists()
        and not OverdoseReport.unscoped.exists()
        and not AuditEvent.unscoped.filter(action__startswith="overdose_report.").exists()
    )


# What a report stores


def test_a_report_stores_every_answer_given(world):
    occurred_on = days_ago(3)
    encounter = told(world, {**EVERY_ANSWER, "occurred_on": occurred_on.isoformat()})
    report = report_of(encounter)
    stored = {name: getattr(report, name) for name in EVERY_ANSWER}
    assert stored == {**EVERY_ANSWER, "occurred_on": occurred_on}
    assert (report.program, report.site, report.encounter) == (
        world.program,
        world.site,
        encounter,
    )
    assert report.reported_by == world.member and report.voided_at is None


def test_a_kit_used_in_an_overdose_makes_a_report_even_with_no_answers(world):
    report = report_of(told(world, None))
    assert report.counts_as_reversal
    assert report.occurred_on is None and report.naloxone_worked is None
    assert (report.relationship, report.area, report.person_age) == ("", "", "")


def test_unanswered_yes_no_questions_stay_not_known(world):
    report = report_of(told(world, {"naloxone_worked": True}))
    assert report.naloxone_worked is True
    assert [report.called_911, report.ems_arrived, report.transported] == [None, None, None]


def test_text_answers_are_trimmed_and_lose_nul_characters(world):
    report = report_of(told(world, {"area": "  452\x0002 ", "person_gender": "\x00man "}))
    assert (report.area, report.person_gender) == ("45202", "man")


@pytest.mark.parametrize(
    ("answers", "kept"),
    [
        ({"occurred_on": "2025-06-15"}, {"occurred_on": TODAY}),
        ({"occurred_on": TODAY - dt.timedelta(days=366)}, {"occurred_on": dt.date(2024, 6, 14)}),
        (
            {"area": "a" * 60, "person_gender": "g" * 30},
            {"area": "a" * 60, "person_gender": "g" * 30},
        ),
    ],
    ids=["today", "a-year-ago", "longest-text"],
)
def test_answers_at_the_limits_are_kept(answers, kept):
    clean = clean_report_fields(answers, today=TODAY)
    assert {name: clean[name] for name in kept} == kept


@pytest.mark.parametrize(
    ("occurred_on", "message"),
    [
        (TODAY + dt.timedelta(days=1), "The overdose date is in the future. Check it."),
        (TODAY - dt.timedelta(days=367), "The overdose date is more than a year ago. Check it."),
    ],
    ids=["tomorrow", "a-year-and-a-day-ago"],
)
def test_dates_just_past_the_limits_are_refused(occurred_on, message):
    with pytest.raises(ValidationError) as refused:
        clean_report_fields({"occurred_on": occurred_on}, today=TODAY)
    assert refused.value.messages == [message]


# What is refused


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"occurred_on": "14/03/2025"}, "Give the overdose date as a date, like 2025-03-14."),
        ({"occurred_on": days_ago(-30).isoformat()}, "The overdose date is in the future."),
        ({"occurred_on": days_ago(400)}, "The overdose date is more than a year ago."),
        ({"relationship": "enemy"}, "Choose one of the listed answers for “who the person was”."),
        ({"setting": "outside"}, "Choose one of the listed answers for “where”."),
        ({"naloxone_doses": "4"}, "listed answers for “naloxone doses used”"),
        ({"person_age": "30"}, "listed answers for “age of the person”"),
        ({"area": "a" * 61}, "“ZIP code or area” is too long (at most 60 characters)."),
        ({"person_gender": "g" * 31}, "“gender of the person” is too long (at most 30"),
        ({"called_911": "yes"}, "Answer yes, no or not known for “911 was called”."),
        ({"transported": "maybe"}, "Answer yes, no or not known for “taken to hospital”."),
        ({"name": "Sam"}, "Unknown reversal report field: name."),
    ],
)
def test_a_wrong_answer_is_refused_with_a_message_and_nothing_is_stored(world, answers, message):
    with pytest.raises(ValidationError) as refused:
        told(world, answers)
    assert message in " ".join(refused.value.messages)
    assert nothing_stored()


def test_every_wrong_answer_is_named_at_once(world):
    with pytest.raises(ValidationError) as refused:
        clean_report_fields(
            {"occurred_on": TODAY + dt.timedelta(days=2), "setting": "moon", "ems_arrived": 3},
            today=TODAY,
        )
    text = " ".join(refused.value.messages)
    assert "in the future" in text and "“where”" in text and "“EMS arrived”" in text


def test_a_report_without_a_kit_used_in_an_overdose_is_refused(world):
    data = visit(world.site, kit_outcome=KitOutcome.GAVE_AWAY, overdose={"setting": "public"})
    with pytest.raises(ValidationError, match="goes with a kit that was used in an overdose"):
        log_encounter(world.program, data, actor=world.member)
    assert nothing_stored()


# The audit trail


def test_a_new_report_leaves_one_audit_event_in_its_program(world):
    encounter = told(world, {"relationship": "friend"})
    report = report_of(encounter)
    event = events("overdose_report.create").get()
    assert (event.program, event.actor) == (world.program, world.member)
    assert (event.object_type, event.object_id) == ("overdoses.overdosereport", str(report.pk))
    assert event.extra == {"encounter": encounter.pk}
    assert not events("overdose_report.update").exists()
    assert not events("overdose_report.void").exists()


# Corrections and voids


def test_correcting_the_visit_replaces_the_answers_of_the_same_report(world):
    encounter = told(world, {"relationship": "friend", "naloxone_worked": False})
    before = report_of(encounter)
    edit_encounter(
        encounter,
        visit(
            world.site,
            kit_outcome=KitOutcome.USED_OVERDOSE,
            overdose={"relationship": "stranger", "naloxone_worked": True},
        ),
        actor=world.owner,
    )
    after = report_of(encounter)
    assert after.pk == before.pk and OverdoseReport.unscoped.count() == 1
    assert (after.relationship, after.naloxone_worked) == ("stranger", True)
    event = events("overdose_report.update").get()
    assert (event.actor, event.object_id, event.extra) == (
        world.owner,
        str(after.pk),
        {"encounter": encounter.pk},
    )


def test_an_answer_removed_in_a_correction_is_removed_from_the_report(world):
    encounter = told(
        world,
        {"occurred_on": days_ago(2).isoformat(), "area": "45202", "called_911": True},
    )
    edit_encounter(
        encounter,
        visit(world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose={"occurred_on": ""}),
        actor=world.member,
    )
    report = report_of(encounter)
    assert (report.occurred_on, report.area, report.called_911) == (None, "", None)


def test_a_wrong_answer_in_a_correction_changes_nothing(world):
    encounter = told(world, {"relationship": "friend"})
    with pytest.raises(ValidationError, match="listed answers"):
        edit_encounter(
            encounter,
            visit(
                world.site,
                kit_outcome=KitOutcome.USED_OVERDOSE,
                overdose={"relationship": "enemy"},
            ),
            actor=world.member,
        )
    assert report_of(encounter).relationship == "friend"
    assert not events("overdose_report.update").exists()


def test_a_correction_after_the_edit_window_leaves_the_report_as_it_was(world):
    encounter = told(world, {"relationship": "friend"})
    Encounter.unscoped.filter(pk=encounter.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=48)
    )
    with pytest.raises(ValidationError, match="can be edited for 24 hours"):
        edit_encounter(
            encounter,
            visit(world.site, kit_outcome=KitOutcome.LOST),
            actor=world.member,
        )
    report = report_of(encounter)
    assert report.relationship == "friend" and report.counts_as_reversal


def test_a_correction_away_from_a_used_kit_withdraws_the_report_but_keeps_it(world):
    encounter = told(world, {"relationship": "friend"})
    edit_encounter(encounter, visit(world.site, kit_outcome=KitOutcome.LOST), actor=world.member)
    report = OverdoseReport.unscoped.get(encounter=encounter)
    assert report.voided_at is not None and report.relationship == "friend"
    event = events("overdose_report.void").get()
    assert (event.object_id, event.extra) == (str(report.pk), {"reason": "visit edited"})


def test_a_correction_back_to_a_used_kit_makes_one_new_report(world):
    encounter = told(world, {"relationship": "friend"})
    edit_encounter(encounter, visit(world.site, kit_outcome=KitOutcome.LOST), actor=world.member)
    edit_encounter(
        encounter,
        visit(world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose={"setting": "private"}),
        actor=world.member,
    )
    reports = OverdoseReport.unscoped.filter(encounter=encounter)
    assert reports.count() == 2 and reports.filter(voided_at__isnull=True).count() == 1
    assert report_of(encounter).setting == "private"
    assert events("overdose_report.create").count() == 2


def test_voiding_the_visit_withdraws_its_report_with_the_visits_reason(world):
    encounter = told(world, {"relationship": "stranger"})
    void_encounter(encounter, actor=world.member, reason="entered twice")
    report = OverdoseReport.unscoped.get(encounter=encounter)
    assert report.voided_at is not None and not report.counts_as_reversal
    event = events("overdose_report.void").get()
    assert (event.actor, event.program, event.extra) == (
        world.member,
        world.program,
        {"reason": "entered twice"},
    )


def test_withdrawing_a_withdrawn_report_changes_nothing(world):
    encounter = told(world, {"relationship": "stranger"})
    void_encounter(encounter, actor=world.member, reason="entered twice")
    report = OverdoseReport.unscoped.get(encounter=encounter)
    first = report.voided_at
    void_report(report, actor=world.owner, reason="again")
    report.refresh_from_db()
    assert report.voided_at == first
    assert events("overdose_report.void").count() == 1


def test_a_report_sent_by_a_device_names_the_device_in_its_audit_events(world, device_token):
    """A visit logged over the API by a device: its report's events name that device, as
    the visit's own event does, not an anonymous writer."""
    _raw, device = device_token(world.program, Role.STAFF)
    data = visit(
        world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose={"relationship": "friend"}
    )
    encounter = log_encounter(world.program, data, device=device).encounter
    assert events("encounter.create").get().actor_label == f"device {device.pk}"
    assert events("overdose_report.create").get().actor_label == f"device {device.pk}"
    void_encounter(encounter, actor=None, reason="entered twice", device=device)
    assert events("overdose_report.void").get().actor_label == f"device {device.pk}"
