"""Scoped reads for the window and visit history. Each is a fixed number of queries,
whatever the size of the catalog or of a participant's history.

The access helpers (``get_visit_for``, ``record_visit_read``, ``record_visits_shown``,
``record_panel``) record what a page or API operation shows of visits and participants
through ``audit.services.record_read``: one read event per response, never written by
a view itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from waypoint.audit.services import record_read
from waypoint.core.models import Role, Site
from waypoint.participants.queries import record_shown
from waypoint.supplies.models import SupplyItem

from .models import Direction, Encounter, EncounterItem

VISIT = Encounter._meta.label_lower

HISTORY_PAGE = 50


def window_catalog(program) -> list[SupplyItem]:
    """Active items, quick items first, in the program's order. One query."""
    return list(
        SupplyItem.objects.filter(program=program, is_active=True).order_by(
            "-is_quick", "sort_order", "name"
        )
    )


def open_sites(program) -> list[Site]:
    return list(Site.objects.filter(program=program, is_active=True).order_by("name"))


def _lines():
    return (
        EncounterItem.objects.filter(direction=Direction.GIVEN)
        .select_related("item")
        .order_by("item__sort_order")
    )


def with_lines(queryset):
    """Visits with their given lines (and items) and services, in two more queries."""
    return queryset.prefetch_related(Prefetch("items", queryset=_lines()), "services")


def last_visit(participant) -> Encounter | None:
    """The participant's most recent visit that was not voided, with its lines. Two queries."""
    visits = Encounter.objects.filter(participant=participant, voided_at__isnull=True).order_by(
        "-occurred_at", "-id"
    )
    return (
        visits.select_related("site").prefetch_related(Prefetch("items", queryset=_lines())).first()
    )


def participant_history(participant, *, page: int = 1) -> tuple[list[Encounter], bool]:
    """A page of the participant's visits, newest first, voided ones included (marked);
    and whether older visits follow."""
    start = (max(page, 1) - 1) * HISTORY_PAGE
    visits = Encounter.objects.filter(participant=participant).order_by("-occurred_at", "-id")
    rows = list(
        with_lines(visits.select_related("site", "staff"))[start : start + HISTORY_PAGE + 1]
    )
    return rows[:HISTORY_PAGE], len(rows) > HISTORY_PAGE


def get_visit(pk: int):
    """One visit of the program in scope, with everything its page shows (404 handled by caller)."""
    return with_lines(
        Encounter.objects.select_related("site", "participant", "staff", "voided_by")
    ).filter(pk=pk)


def record_visit_read(reader, encounter: Encounter, **extra) -> None:
    """Record that a response shows one visit (and whose it was)."""
    record_read(
        reader,
        "encounter.read",
        obj=encounter,
        extra={"participant": encounter.participant_id, **extra},
    )


def get_visit_for(reader, pk, *, minimum: Role = Role.STAFF, **extra) -> Encounter:
    """One visit of the reader's program with what its page shows (404 for any other),
    its read recorded."""
    if not reader.at_least(minimum):
        raise PermissionDenied(_("Your role does not allow this action."))
    encounter = get_visit(pk).filter(program=reader.program).first()
    if encounter is None:
        raise Http404(_("No such visit in this program."))
    record_visit_read(reader, encounter, **extra)
    return encounter


def record_visits_shown(
    reader, action: str, visits: Iterable[Encounter], *, obj=None, **extra
) -> None:
    """Record that a response lists ``visits``: how many, and which as the subjects."""
    ids = [v.pk for v in visits]
    record_read(
        reader,
        action,
        obj=obj,
        object_type="" if obj is not None else VISIT,
        extra={"count": len(ids), **extra},
        shown=(VISIT, ids),
    )


def record_panel(reader, participant, last_visit: Encounter | None, results) -> None:
    """The window's panel: a participant with their last visit, or search results (how
    many, which; never the typed text). Nothing for the empty window or an anonymous
    visit."""
    if participant is not None:
        extra = {"last_visit": last_visit.pk} if last_visit is not None else {}
        record_read(reader, "window.panel", obj=participant, extra=extra)
    elif results is not None:
        record_shown(reader, "window.search", results)
