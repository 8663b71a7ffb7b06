"""On PostgreSQL the database refuses to rewrite or delete audit events, whoever asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.audit.services import log_event, scrub_old_events

from ..factories import UserFactory

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")


@pytest.fixture
def event(world, event_at):
    return event_at(
        timezone.now() - dt.timedelta(days=400),
        "site.update",
        actor=world.owner,
        obj=world.site,
        extra={"name": "Old name"},
        ip="203.0.113.9",
    )


def _refused(statement) -> None:
    with pytest.raises(DatabaseError, match="audit event"), transaction.atomic():
        statement()


def test_queryset_delete_is_refused(event):
    _refused(lambda: AuditEvent.unscoped.filter(pk=event.pk).delete())
    assert AuditEvent.unscoped.filter(pk=event.pk).exists()


def test_raw_sql_delete_is_refused(event):
    def delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    _refused(delete)
    assert AuditEvent.unscoped.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"action": "site.create"},
        {"object_id": "999"},
        {"actor_label": "someone else"},
        {"request_id": "forged"},
        {"occurred_at": timezone.make_aware(dt.datetime(2020, 1, 1))},
        {"extra": {"name": "Rewritten"}},
        {"ip_address": "198.51.100.1"},
        # Emptying details is scrubbing, and scrubbing is recorded.
        {"extra": {}},
    ],
    ids=lambda change: next(iter(change)),
)
def test_rewriting_an_event_is_refused(event, change):
    _refused(lambda: AuditEvent.unscoped.filter(pk=event.pk).update(**change))
    stored = AuditEvent.unscoped.get(pk=event.pk)
    assert (stored.action, stored.extra, stored.ip_address) == (
        "site.update",
        {"name": "Old name"},
        "203.0.113.9",
    )


def test_pinning_an_event_on_another_person_is_refused(event):
    other = UserFactory()
    _refused(lambda: AuditEvent.unscoped.filter(pk=event.pk).update(actor=other))


def test_retention_scrub_is_allowed_once(event):
    assert scrub_old_events(older_than_days=365) == 1
    stored = AuditEvent.unscoped.get(pk=event.pk)
    assert (stored.extra, stored.ip_address) == ({}, None)
    _refused(lambda: AuditEvent.unscoped.filter(pk=event.pk).update(scrubbed_at=timezone.now()))


def test_deleting_a_person_keeps_their_events(world):
    person = UserFactory()
    person_id = person.pk
    event = log_event("account.login", actor=person, program=world.program)
    person.delete()
    stored = AuditEvent.unscoped.get(pk=event.pk)
    assert stored.actor is None
    assert stored.actor_label == f"user {person_id}"
