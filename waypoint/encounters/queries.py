"""Scoped reads for the window and visit history. Each is a fixed number of queries,
whatever the size of the catalog or of a participant's history."""

from __future__ import annotations

from django.db.models import Prefetch

from waypoint.core.models import Site
from waypoint.supplies.models import SupplyItem

from .models import Direction, Encounter, EncounterItem

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
