"""Writing and scrubbing the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waypoint.core.scoping import scopes_disabled

from . import context
from .models import AuditEvent, AuditSubject


def log_event(
    action: str,
    *,
    actor=None,
    program=None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    actor_label: str = "",
    extra: dict | None = None,
    shown: tuple[str, Iterable] | None = None,
) -> AuditEvent:
    """Append one audit event. Call it inside the service's transaction.

    ``actor`` is a user (or None for the public / a device, described by
    ``actor_label``). ``obj`` fills object type and id from a model instance.

    ``shown`` is ``(model label, ids)``: the records a list or search showed. Each gets
    an ``AuditSubject`` row, written with one INSERT in the event's transaction (SQLite
    splits more than 333 records; no page shows that many); with nothing shown, no
    query beyond the event's own.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if program is None:
            program = getattr(obj, "program", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if not actor_label:
        actor_label = f"user {actor.pk}" if actor is not None else "anonymous"
    event = AuditEvent(
        program=program,
        actor=actor,
        actor_label=actor_label[:120],
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        request_id=context.request_id.get(),
        ip_address=context.client_ip.get(),
        extra=extra or {},
    )
    label, ids = shown if shown is not None else ("", ())
    ids = list(dict.fromkeys(str(pk) for pk in ids))
    if not ids:
        event.save()
        return event
    # savepoint=False: inside a request's or service's transaction this costs no query.
    with transaction.atomic(savepoint=False):
        event.save()
        AuditSubject.unscoped.bulk_create(
            AuditSubject(event=event, object_type=label, object_id=pk) for pk in ids
        )
    return event


def record_read(
    reader,
    action: str,
    *,
    obj: Any = None,
    object_type: str = "",
    shown: tuple[str, Iterable] | None = None,
    extra: dict | None = None,
) -> AuditEvent:
    """The one way a read of person-level data is recorded: who read (``reader``, a
    ``core.access.Principal``: a member or a device), in which program, what record
    (``obj``) or which records a list showed (``shown``). Called by the access helpers
    in each app's ``queries.py``, never by a view; one INSERT (two with ``shown``)."""
    return log_event(
        action,
        actor=reader.user,
        actor_label=reader.label,
        program=reader.program,
        obj=obj,
        object_type=object_type,
        extra=extra,
        shown=shown,
    )


def scrub_old_events(*, now: dt.datetime | None = None, older_than_days: int | None = None) -> int:
    """Remove personal data from events past retention: extra details, IP address, and
    the records a list or search showed (its subjects, which link a person to a reader).

    The event itself stays: who did what to which record, and when. Returns the
    number of events scrubbed.
    """
    now = now or timezone.now()
    days = older_than_days if older_than_days is not None else settings.AUDIT_SCRUB_AFTER_DAYS
    cutoff = now - dt.timedelta(days=days)
    with scopes_disabled(), transaction.atomic():
        count = AuditEvent.objects.filter(occurred_at__lt=cutoff, scrubbed_at__isnull=True).update(
            extra={}, ip_address=None, scrubbed_at=now
        )
        # After the update: on PostgreSQL a subject may only go once its event is scrubbed.
        # Every event this old is scrubbed now, so none of its subjects may stay.
        AuditSubject.objects.filter(event__occurred_at__lt=cutoff).delete()
        return count
