"""Scheduled erasure of contact data that is no longer needed.

A phone number is kept only while it can be used: the participant is active, their
consent to text messages stands, and they have been in touch within the retention
period (``CONTACT_RETENTION_DAYS``). Everything else is erased by the nightly task
(``tasks.task_purge_contact_data``) or the ``purge_contact_data`` command.

Erasing removes the encrypted number and withdraws the consent to text messages with
the reason "retention". For a record that is merged, opted out or deceased, every
consent still standing is withdrawn too: changing the status does that at once, and
the purge catches records changed before it did. Nothing is deleted: the record and
its consent history stay.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope

from .models import Consent, ConsentKind, Participant, ParticipantStatus, WithdrawalReason

BATCH_SIZE = 1000

# Why a record's contact data goes; recorded in the audit event, counted by the command.
NOT_ACTIVE = "not_active"  # merged, opted out or deceased
NO_CONSENT = "no_consent"  # a phone number without a standing consent to text messages
NO_VISIT = "no_visit"  # no visit within the retention period
RULES = (NOT_ACTIVE, NO_CONSENT, NO_VISIT)

_LEFT = (ParticipantStatus.MERGED, ParticipantStatus.OPTED_OUT, ParticipantStatus.DECEASED)


def cutoff_for(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.CONTACT_RETENTION_DAYS)


def to_erase(cutoff: dt.datetime) -> QuerySet:
    """Participants in the current scope whose contact data should go, each annotated
    with ``rule``, the first reason that applies."""
    standing = Consent.objects.filter(participant=OuterRef("pk"), revoked_at__isnull=True)
    sms = standing.filter(kind=ConsentKind.SMS_CONTACT)
    left = Q(status__in=_LEFT)
    has_phone = ~Q(phone_encrypted="")
    # "In touch" is the last visit, or enrolment for someone not seen since; a number
    # given (with consent) within the period also counts: the person was there to give it.
    out_of_touch = (
        Q(last_visit_at__lt=cutoff) | Q(last_visit_at__isnull=True, created_at__lt=cutoff)
    ) & ~Exists(sms.filter(granted_at__gte=cutoff))
    return Participant.objects.annotate(
        rule=Case(
            When(left, then=Value(NOT_ACTIVE)),
            When(~Exists(sms), then=Value(NO_CONSENT)),
            default=Value(NO_VISIT),
        )
    ).filter(
        (left & (has_phone | Exists(standing)))
        | (~left & has_phone & (~Exists(sms) | out_of_touch))
    )


def count_to_erase(*, now: dt.datetime | None = None) -> dict[int, Counter]:
    """{program id: Counter of rule -> participants} for every program in the current
    scope with something to erase. Changes nothing; one query."""
    rows = (
        to_erase(cutoff_for(now or timezone.now()))
        .order_by()
        .values_list("program_id", "rule")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, Counter] = {}
    for program_id, rule, n in rows:
        counts.setdefault(program_id, Counter())[rule] = n
    return counts


def purge_contact_data(
    *,
    now: dt.datetime | None = None,
    actor_label: str = "contact data purge",
    batch_size: int = BATCH_SIZE,
) -> dict[int, Counter]:
    """Erase the contact data no longer needed, in every program of the current scope.

    Returns {program id: Counter of rule -> participants erased}. Idempotent: a second
    run finds nothing more. Each program is worked through in its own scope, in batches
    of ``batch_size`` participants, each batch one transaction of five queries (select
    and lock, choose again under the lock, erase the numbers, withdraw the consents, write
    the audit events), so the cost grows with the number of batches, not of
    participants.
    """
    now = now or timezone.now()
    erased: dict[int, Counter] = {}
    for program_id in sorted(count_to_erase(now=now)):
        with program_scope(program_id):
            erased[program_id] = _purge_program(
                program_id, now=now, actor_label=actor_label, batch_size=batch_size
            )
    return erased


def _purge_program(program_id: int, *, now, actor_label: str, batch_size: int) -> Counter:
    cutoff = cutoff_for(now)
    erased: Counter = Counter()
    after = 0
    while True:
        with transaction.atomic():
            # Locked, and chosen again under the lock: a number given or a visit logged
            # while the purge runs is not erased on the strength of an earlier look.
            rows = list(
                to_erase(cutoff)
                .filter(program_id=program_id, pk__gt=after)
                .order_by("pk")
                .select_for_update()
                .values_list("pk", "rule")[:batch_size]
            )
            if not rows:
                return erased
            # Chosen a second time now that the rows are locked, in a statement of its
            # own: PostgreSQL re-checks a row that changed while we waited for its lock,
            # but not what the subqueries read (a consent given at that very moment).
            still = dict(
                to_erase(cutoff).filter(pk__in=[pk for pk, _rule in rows]).values_list("pk", "rule")
            )
            chosen = [(pk, still[pk]) for pk, _rule in rows if pk in still]
            if chosen:
                _erase(program_id, chosen, now=now, actor_label=actor_label)
        after = rows[-1][0]
        erased.update(rule for _pk, rule in chosen)


def _erase(program_id: int, rows: list[tuple[int, str]], *, now, actor_label: str) -> None:
    ids = [pk for pk, _rule in rows]
    left = [pk for pk, rule in rows if rule == NOT_ACTIVE]
    Participant.objects.filter(pk__in=ids).exclude(phone_encrypted="").update(phone_encrypted="")
    Consent.objects.filter(revoked_at__isnull=True).filter(
        Q(participant_id__in=left) | Q(participant_id__in=ids, kind=ConsentKind.SMS_CONTACT)
    ).update(revoked_at=now, revoked_by=None, revoked_reason=WithdrawalReason.RETENTION)
    # One event per participant rather than one summary per program: the record's own
    # audit trail then says when and why its number went, as it does for every other
    # change to the record, and a summary would have to list ids to say as much. Written
    # in one INSERT per batch; the number itself is never in it.
    AuditEvent.objects.bulk_create(
        AuditEvent(
            program_id=program_id,
            actor_label=actor_label,
            action="participant.contact_erase",
            object_type=Participant._meta.label_lower,
            object_id=str(pk),
            extra={"reason": WithdrawalReason.RETENTION.value, "rule": rule},
        )
        for pk, rule in rows
    )
