"""Writing the audit trail, and scrubbing it after the retention period."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from waypoint.audit.models import AuditError, AuditEvent, AuditSubject
from waypoint.audit.services import log_event, scrub_old_events
from waypoint.audit.tasks import task_scrub_audit_events
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope, scopes_disabled

from ..factories import member


def _all() -> list[AuditEvent]:
    return list(AuditEvent.unscoped.order_by("id"))


# --- Append-only ------------------------------------------------------------------------


def test_existing_event_cannot_be_saved_again(world):
    event = log_event("site.update", actor=world.owner, obj=world.site)
    event.action = "site.create"
    with pytest.raises(AuditError):
        event.save()
    assert AuditEvent.unscoped.get(pk=event.pk).action == "site.update"


def test_event_cannot_be_deleted(world):
    event = log_event("site.update", actor=world.owner, obj=world.site)
    with pytest.raises(AuditError):
        event.delete()
    assert AuditEvent.unscoped.filter(pk=event.pk).exists()


# --- log_event --------------------------------------------------------------------------


def test_event_records_who_did_what_to_which_record(world):
    event = log_event("site.update", actor=world.owner, obj=world.site, extra={"field": "name"})
    stored = AuditEvent.unscoped.get(pk=event.pk)
    assert stored.action == "site.update"
    assert stored.program == world.program  # taken from the object
    assert stored.actor == world.owner
    assert stored.actor_label == f"user {world.owner.pk}"
    assert (stored.object_type, stored.object_id) == ("core.site", str(world.site.pk))
    assert stored.extra == {"field": "name"}
    assert stored.occurred_at <= timezone.now()
    # Outside a request there is no request id or address to record.
    assert (stored.request_id, stored.ip_address) == ("", None)


def test_device_and_public_events_have_a_label_and_no_user(world):
    device = log_event(
        "encounter.create", actor=None, program=world.program, actor_label="device 7"
    )
    public = log_event("order.create", actor=AnonymousUser(), program=world.program)
    assert (device.actor, device.actor_label) == (None, "device 7")
    assert (public.actor, public.actor_label) == (None, "anonymous")


def test_event_carries_the_request_id_and_address_of_the_request(world, client_for):
    client = client_for(member(world.program, Role.COORDINATOR))
    first = client.post(f"/sites/{world.site.pk}/closures/", {"closure-date": "2031-01-01"})
    second = client.post(f"/sites/{world.site.pk}/closures/", {"closure-date": "2031-01-02"})
    assert first.status_code == second.status_code == 302

    events = [e for e in _all() if e.action == "site.closure_add"]
    assert [e.extra["date"] for e in events] == ["2031-01-01", "2031-01-02"]
    assert events[0].request_id == first["X-Request-ID"]
    assert events[1].request_id == second["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert events[0].ip_address == "127.0.0.1"


def test_event_is_rolled_back_with_the_change_it_describes(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        log_event("site.update", actor=world.owner, obj=world.site)
        raise RuntimeError("the change failed")
    assert not AuditEvent.unscoped.exists()


# --- Records a list or search showed ----------------------------------------------------


def _subjects(event) -> list[tuple[str, str]]:
    return list(
        AuditSubject.unscoped.filter(event=event)
        .order_by("id")
        .values_list("object_type", "object_id")
    )


def test_records_shown_are_the_events_subjects_in_the_order_shown(world):
    event = log_event(
        "participant.list",
        actor=world.owner,
        program=world.program,
        extra={"count": 3},
        shown=("participants.participant", [12, 3, 12, 7]),
    )
    assert _subjects(event) == [
        ("participants.participant", "12"),
        ("participants.participant", "3"),
        ("participants.participant", "7"),
    ]


def test_records_shown_cost_one_insert_and_nothing_shown_costs_none(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        log_event("site.update", actor=world.owner, obj=world.site)
    with django_assert_num_queries(1):
        empty = log_event(
            "participant.search", program=world.program, shown=("participants.participant", [])
        )
    with django_assert_num_queries(2) as queries:
        many = log_event(
            "encounter.list", program=world.program, shown=("encounters.encounter", range(1, 201))
        )
    inserts = [q["sql"].split(" (")[0] for q in queries.captured_queries]
    assert inserts == ['INSERT INTO "audit_auditevent"', 'INSERT INTO "audit_auditsubject"']
    assert _subjects(empty) == [] and len(_subjects(many)) == 200


def test_records_shown_are_rolled_back_with_their_event(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        log_event(
            "participant.list", program=world.program, shown=("participants.participant", [1])
        )
        raise RuntimeError("the page failed")
    assert not AuditEvent.unscoped.exists() and not AuditSubject.unscoped.exists()


def test_a_subject_cannot_be_saved_again(world):
    event = log_event(
        "participant.list", program=world.program, shown=("participants.participant", [1])
    )
    subject = AuditSubject.unscoped.get(event=event)
    subject.object_id = "2"
    with pytest.raises(AuditError):
        subject.save()
    assert _subjects(event) == [("participants.participant", "1")]


def test_subjects_follow_the_events_program_scope(world):
    ours = log_event(
        "participant.list", program=world.program, shown=("participants.participant", [1])
    )
    log_event(
        "participant.list", program=world.other_program, shown=("participants.participant", [2])
    )
    with program_scope(world.program):
        assert list(AuditSubject.objects.values_list("event", flat=True)) == [ours.pk]


def test_subjects_of_lists_logged_before_subjects_existed_are_added(world):
    """The migration that adds subjects reads the ids earlier list events kept."""
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("waypoint.audit.migrations.0005_subjects_of_earlier_reads")
    people = log_event("window.search", program=world.program, extra={"count": 2, "ids": [5, 6]})
    history = log_event(
        "encounter.history",
        program=world.program,
        object_type="participants.participant",
        object_id=5,
        extra={"count": 1, "ids": [40], "page": 1},
    )
    counted_only = log_event("participant.search", program=world.program, extra={"results": 3})
    other = log_event("site.update", obj=world.site, extra={"ids": [1]})
    with scopes_disabled():  # as in a migration, which sees every program
        backfill.add_subjects(apps, None)
    assert _subjects(people) == [
        ("participants.participant", "5"),
        ("participants.participant", "6"),
    ]
    assert _subjects(history) == [("encounters.encounter", "40")]
    assert _subjects(counted_only) == _subjects(other) == []


# --- Retention --------------------------------------------------------------------------


@pytest.fixture
def old_and_recent(world, event_at):
    now = timezone.now()
    old = event_at(
        now - dt.timedelta(days=40),
        "site.update",
        actor=world.owner,
        obj=world.site,
        extra={"name": "Old name"},
        ip="203.0.113.9",
    )
    recent = event_at(
        now - dt.timedelta(days=10),
        "site.update",
        actor=world.owner,
        obj=world.site,
        extra={"name": "New name"},
        ip="203.0.113.9",
    )
    return now, old, recent


def test_scrub_removes_personal_details_of_old_events_only(old_and_recent):
    now, old, recent = old_and_recent

    assert scrub_old_events(now=now, older_than_days=30) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.extra, old.ip_address, old.scrubbed_at) == ({}, None, now)
    # Who did what, to which record, when: kept.
    assert (old.action, old.actor_label, old.object_id) == (
        "site.update",
        recent.actor_label,
        recent.object_id,
    )
    assert (recent.extra, recent.ip_address, recent.scrubbed_at) == (
        {"name": "New name"},
        "203.0.113.9",
        None,
    )
    assert AuditEvent.unscoped.count() == 2


def test_scrub_deletes_the_records_old_lists_showed(world, event_at):
    now = timezone.now()
    shown = ("participants.participant", [1, 2])
    old = event_at(
        now - dt.timedelta(days=40), "participant.list", program=world.program, shown=shown
    )
    recent = event_at(
        now - dt.timedelta(days=10), "participant.list", program=world.program, shown=shown
    )
    assert scrub_old_events(now=now, older_than_days=30) == 1
    assert _subjects(old) == []
    assert len(_subjects(recent)) == 2
    assert AuditEvent.unscoped.count() == 2


def test_scrub_is_idempotent(old_and_recent):
    now, old, _ = old_and_recent
    scrub_old_events(now=now, older_than_days=30)
    assert scrub_old_events(now=now + dt.timedelta(hours=1), older_than_days=30) == 0
    old.refresh_from_db()
    assert old.scrubbed_at == now


def test_scrub_uses_the_configured_retention(old_and_recent, settings):
    _, old, recent = old_and_recent
    settings.AUDIT_SCRUB_AFTER_DAYS = 5
    assert scrub_old_events() == 2
    assert AuditEvent.unscoped.filter(scrubbed_at__isnull=False).count() == 2


def test_nightly_task_scrubs_with_the_configured_retention(old_and_recent, settings):
    _, old, recent = old_and_recent
    settings.AUDIT_SCRUB_AFTER_DAYS = 30
    assert task_scrub_audit_events.call_local() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.scrubbed_at is not None and recent.scrubbed_at is None


def test_scrub_audit_command(old_and_recent, settings):
    _, old, recent = old_and_recent
    settings.AUDIT_SCRUB_AFTER_DAYS = 365
    out = StringIO()

    call_command("scrub_audit", stdout=out)
    assert out.getvalue().strip() == "Scrubbed 0 audit event(s)."

    call_command("scrub_audit", "--days", "30", stdout=out)
    assert out.getvalue().strip().endswith("Scrubbed 1 audit event(s).")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.extra == {} and old.scrubbed_at is not None
    assert recent.extra == {"name": "New name"}
    assert AuditEvent.unscoped.count() == 2
