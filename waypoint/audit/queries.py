from __future__ import annotations

import datetime as dt

from .models import AuditEvent


def list_events(
    program,
    *,
    action: str = "",
    actor=None,
    object_type: str = "",
    object_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
):
    events = AuditEvent.objects.filter(program=program).select_related("actor")
    if action:
        events = events.filter(action__startswith=action)
    if actor is not None:
        events = events.filter(actor=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    return events.order_by("-occurred_at", "-id")
