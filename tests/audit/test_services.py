"""Writing the audit trail, and scrubbing it after the retention period."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from waypoint.audit.models import AuditError, AuditEvent
from waypoint.audit.services import log_event, scrub_old_events
from waypoint.audit.tasks import task_scrub_audit_events
from waypoint.core.models import Role

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
