"""On PostgreSQL the database refuses to rewrite or delete audit events, whoever asks;
nor may the records a list showed be changed, or removed before retention scrubs them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from waypoint.audit.models import AuditEvent, AuditSubject
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


# --- Records a list showed ----------------------------------------------------------------


@pytest.fixture
def listing(world, event_at):
    return event_at(
        timezone.now() - dt.timedelta(days=400),
        "participant.search",
        actor=world.owner,
        program=world.program,
        object_type="participants.participant",
        extra={"count": 2},
        shown=("participants.participant", [11, 12]),
    )


def _shown(event) -> list[str]:
    return list(
        AuditSubject.unscoped.filter(event=event).order_by("id").values_list("object_id", flat=True)
    )


def _refused_subject(statement) -> None:
    with pytest.raises(DatabaseError, match="audit subjects"), transaction.atomic():
        statement()


@pytest.mark.parametrize(
    "change", [{"object_id": "99"}, {"object_type": "core.site"}], ids=lambda c: next(iter(c))
)
def test_changing_what_a_list_showed_is_refused(listing, change):
    _refused_subject(lambda: AuditSubject.unscoped.filter(event=listing).update(**change))
    assert _shown(listing) == ["11", "12"]


def test_moving_a_subject_to_another_event_is_refused(world, listing):
    other = log_event("participant.list", actor=world.owner, program=world.program)
    _refused_subject(lambda: AuditSubject.unscoped.filter(event=listing).update(event=other))
    assert _shown(listing) == ["11", "12"] and _shown(other) == []


def test_raw_sql_update_of_a_subject_is_refused(listing):
    def update():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditsubject SET object_id = '99' WHERE event_id = %s", [listing.pk]
            )

    _refused_subject(update)
    assert _shown(listing) == ["11", "12"]


def test_deleting_what_a_list_showed_before_retention_is_refused(listing):
    _refused_subject(lambda: AuditSubject.unscoped.filter(event=listing).delete())

    def delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [listing.pk])

    _refused_subject(delete)
    assert _shown(listing) == ["11", "12"]


def test_retention_scrub_deletes_what_a_list_showed(world, listing):
    recent = log_event(
        "participant.list",
        actor=world.owner,
        program=world.program,
        shown=("participants.participant", [11]),
    )
    assert scrub_old_events(older_than_days=365) == 1
    assert _shown(listing) == [] and _shown(recent) == ["11"]
    # The recent event is not scrubbed: its subject still may not go.
    _refused_subject(lambda: AuditSubject.unscoped.filter(event=recent).delete())
