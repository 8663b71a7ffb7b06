from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from .models import AuditEvent, AuditSubject

PARTICIPANT = "participants.participant"
ENCOUNTER = "encounters.encounter"


def list_events(
    program,
    *,
    action: str = "",
    actor=None,
    object_type: str = "",
    object_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    participant=None,
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
    if participant is not None:
        events = events.filter(pk__in=events_about_participant(participant))
    return events.order_by("-occurred_at", "-id")


def events_about_participant(participant) -> QuerySet:
    """Ids of every event that read ``participant`` (a subquery, in any program).

    An event counts when its record, or one of the records a list or search showed, is
    the person or one of their visits. The person is every record of theirs: the record
    kept by a merge and the records merged into it (merges are one step deep), whichever
    of them is asked for; their visits are those the records hold now, so visits a merge
    moved are theirs. The caller limits the events to its program.
    """
    Participant = apps.get_model(PARTICIPANT)
    Encounter = apps.get_model(ENCOUNTER)
    kept = participant.merged_into_id or participant.pk
    records = Participant.unscoped.filter(Q(pk=kept) | Q(merged_into=kept))
    people = _keys(records)
    visits = _keys(Encounter.unscoped.filter(participant__in=records))
    # Four plain semi-joins, not one OR: each walks its (object_type, object_id) index.
    named = AuditEvent.unscoped.order_by().values("pk")
    shown = AuditSubject.unscoped.order_by().values("event_id")
    return named.filter(object_type=PARTICIPANT, object_id__in=people).union(
        named.filter(object_type=ENCOUNTER, object_id__in=visits),
        shown.filter(object_type=PARTICIPANT, object_id__in=people),
        shown.filter(object_type=ENCOUNTER, object_id__in=visits),
    )


def _keys(queryset: QuerySet) -> QuerySet:
    """The primary keys of ``queryset`` as audit object ids (text)."""
    return queryset.order_by().values(key=Cast("pk", output_field=CharField()))
