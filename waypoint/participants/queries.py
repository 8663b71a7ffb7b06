"""Scoped reads of participants, and the access helpers that record them.

A page or API operation that shows a participant fetches it with
``get_participant_for`` and records a list or search it shows with ``record_shown``:
both fetch inside the reader's program, check the reader's role and write the read
event through ``audit.services.record_read`` — so a view never writes it itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from waypoint.audit.services import record_read
from waypoint.core.models import Role

from . import uic
from .models import Participant, ParticipantSettings, ParticipantStatus

# Codes hold only 0–9 and A–Z, which sort the same way under every collation.
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


PARTICIPANT = Participant._meta.label_lower


def _check_role(reader, minimum: Role) -> None:
    if not reader.at_least(minimum):
        raise PermissionDenied(_("Your role does not allow this action."))


def get_participant_for(
    reader,
    pk,
    *,
    action: str = "participant.view",
    minimum: Role = Role.PEER,
    related: Iterable[str] = (),
    **extra,
) -> Participant:
    """One participant of the reader's program (404 for any other), its read recorded
    as ``action`` with ``extra`` details. ``reader`` is a ``core.access.Principal``."""
    _check_role(reader, minimum)
    participant = (
        Participant.objects.filter(program=reader.program)
        .select_related(*related)
        .filter(pk=pk)
        .first()
    )
    if participant is None:
        raise Http404(_("No such participant in this program."))
    record_read(reader, action, obj=participant, extra=extra)
    return participant


def record_shown(
    reader, action: str, participants: Iterable[Participant], *, obj=None, **extra
) -> None:
    """Record that a response lists ``participants``: how many, and which as the read
    event's subjects. Never the typed search text: it may be a code or an alias."""
    ids = [p.pk for p in participants]
    record_read(
        reader,
        action,
        obj=obj,
        object_type="" if obj is not None else PARTICIPANT,
        extra={"count": len(ids), **extra},
        shown=(PARTICIPANT, ids),
    )


def settings_for(program) -> ParticipantSettings:
    """The program's participant settings, or unsaved defaults when none were set."""
    found = ParticipantSettings.objects.filter(program=program).first()
    return found or ParticipantSettings(program=program)


def recipe_for(program) -> uic.Recipe:
    return settings_for(program).get_recipe()


def _resolve(participant: Participant) -> Participant:
    """Follow merges to the record that was kept."""
    seen = set()
    while (
        participant.status == ParticipantStatus.MERGED
        and participant.merged_into_id
        and participant.pk not in seen
    ):
        seen.add(participant.pk)
        participant = Participant.objects.get(pk=participant.merged_into_id)
    return participant


def _after_prefix(prefix: str) -> str | None:
    """The smallest code that sorts after every code starting with ``prefix``."""
    chars = list(prefix)
    while chars:
        last = chars.pop()
        position = _ALNUM.find(last)
        if 0 <= position < len(_ALNUM) - 1:
            return "".join(chars) + _ALNUM[position + 1]
    return None


def code_prefix_filter(prefix: str) -> Q:
    """Codes starting with ``prefix`` (normalized), as a range any btree index serves.

    A range rather than LIKE: PostgreSQL only uses an index for LIKE under the C
    collation, and codes sort the same under any collation since they are A–Z/0–9.
    """
    upper = _after_prefix(prefix)
    return Q(code__gte=prefix, code__lt=upper) if upper else Q(code__gte=prefix)


def find_for_window(program, query: str, limit: int = 8) -> list[Participant]:
    """Participants for the walk-up window search box, best match first.

    Order: exact card number, exact code, codes starting with the query, then
    aliases containing it (any case). Deceased and opted-out people are included so
    staff can see why a visit cannot be logged; merged records are replaced by the
    record they were merged into. At most ``limit`` results, no duplicates.
    """
    text = (query or "").strip()
    normalized = uic.normalize(text)
    base = Participant.objects.filter(program=program)
    found: list[Participant] = []
    seen: set[int] = set()

    def add(rows) -> bool:
        for row in rows:
            row = _resolve(row)
            if row.pk not in seen:
                seen.add(row.pk)
                found.append(row)
            if len(found) >= limit:
                return True
        return False

    if normalized:
        if add(base.filter(card_number=normalized)):
            return found
        if add(base.filter(code=normalized)):
            return found
        if add(
            base.filter(code_prefix_filter(normalized))
            .exclude(code=normalized)
            .order_by("code")[: limit * 2]
        ):
            return found
    if text:
        add(base.filter(alias__icontains=text).order_by("alias", "code")[: limit * 2])
    return found[:limit]


def list_participants(program, query: str = "", status: str = ""):
    rows = Participant.objects.filter(program=program).exclude(status=ParticipantStatus.MERGED)
    if status:
        rows = rows.filter(status=status)
    text = (query or "").strip()
    if text:
        normalized = uic.normalize(text)
        match = Q(alias__icontains=text)
        if normalized:
            match |= code_prefix_filter(normalized) | Q(card_number=normalized)
        rows = rows.filter(match)
    return rows.order_by("code")


def visit_block_reason(participant: Participant) -> str:
    """Why no new visit can be logged for this record, in plain words; "" when one can."""
    if participant.status == ParticipantStatus.DECEASED:
        return _(
            "This participant is recorded as deceased. New visits cannot be logged for this record."
        )
    if participant.status == ParticipantStatus.OPTED_OUT:
        return _(
            "This participant opted out of being recorded. Log the visit without a participant "
            "(anonymous), or enrol them again if they ask to be."
        )
    if participant.status == ParticipantStatus.MERGED:
        return _("This record was merged into %(code)s. Log visits on that record.") % {
            "code": participant.merged_into.code if participant.merged_into else ""
        }
    return ""
