"""A made-up history for the demo network: about five months of visits, stock and a survey,
so reports, the dashboard, the stock pages and the community page have something to show.

All of it is fictional, drawn from a fixed seed and dated relative to the day it is
loaded: visits from the first day of the month five months back up to yesterday, so the
last full quarter and the current one both hold data. Programs differ in size.

Every write goes through the services staff and devices use — ``receive_stock``,
``send_transfer``, ``record_stock_count``, ``enrol_participant``, ``log_encounter`` (with
the visit time an offline device sends), ``void_encounter``, the survey services — so the
stock ledger, the daily rollups and the audit trail are exactly what that work leaves.
Those services stamp their other rows with the moment they run; ``_settle_times`` then
moves the stamps of the rows just written to the moments the history tells of (a
delivery to its day, a registration to the participant's first visit). That changes no
quantity, count or rollup. The audit trail keeps the moment the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from waypoint.encounters.models import Encounter
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants.models import Participant
from waypoint.reports.models import ReportSettings
from waypoint.supplies.models import (
    MovementKind,
    Receipt,
    StockCount,
    StockMovement,
    Transfer,
)

from .data import DAY, MONTHS, PROFILES, SEED, SHOWCASE, Stamps
from .dates import _month_start
from .history import History
from .showcase import _community_page, _survey

__all__ = [
    "PROFILES",
    "SEED",
    "History",
    "Stamps",
    "community_pages",
    "describe",
    "has_history",
    "seed_history",
]


def has_history(network) -> bool:
    return Encounter.unscoped.filter(program__network=network).exists()


def seed_history(network, *, today: dt.date | None = None) -> bool:
    """Write the history once: nothing is written when a demo program has any visit already.
    Runs in the caller's transaction. True when the history was written."""
    if has_history(network):
        return False
    today = today or timezone.localdate()
    start, end = _month_start(today, -MONTHS), today - DAY
    stamps = Stamps()
    taken = set(
        Participant.unscoped.filter(program__network=network).values_list("code", flat=True)
    )
    programs = list(network.programs.filter(slug__in=PROFILES).order_by("pk"))
    for program in programs:
        rng = random.Random(f"{SEED}:{program.slug}")
        History(program, PROFILES[program.slug], rng, start, end, stamps, taken).write()
    for program in programs:
        if program.slug == SHOWCASE:
            _survey(program, today, random.Random(f"{SEED}:survey"))
            _community_page(program)
    _settle_times(programs, stamps)
    return True


def describe(network) -> str:
    """One line on what the history holds, for the command's output."""
    visits = Encounter.unscoped.filter(program__network=network, voided_at__isnull=True)
    if not visits.exists():
        return "No visits yet."
    first = timezone.localtime(visits.order_by("occurred_at").first().occurred_at).date()
    last = timezone.localtime(visits.order_by("-occurred_at").first().occurred_at).date()
    people = Participant.unscoped.filter(program__network=network).count()
    return f"{visits.count():,} visits from {first} to {last}, {people:,} participants."


def community_pages(network) -> list[tuple[str, str]]:
    """(name, slug) of each demo program that publishes a community page."""
    pages = ReportSettings.unscoped.filter(program__network=network, community_page=True)
    return list(pages.values_list("program__name", "program__slug").order_by("program__name"))


def _settle_times(programs, stamps: Stamps) -> None:
    """Move the time stamps of the rows just written to the moments the history tells of."""
    visits = Encounter.unscoped.filter(program__in=programs)
    visits.update(created_at=F("occurred_at"))
    for pk, at in stamps.voids.items():
        Encounter.unscoped.filter(pk=pk).update(voided_at=at)
    moves = StockMovement.unscoped.filter(program__in=programs)
    by_visit = Encounter.unscoped.filter(pk=OuterRef("encounter_id"))
    moves.filter(kind=MovementKind.DISTRIBUTE, encounter__isnull=False).update(
        created_at=Subquery(by_visit.values("occurred_at"))
    )
    moves.filter(kind=MovementKind.CORRECTION, encounter__isnull=False).update(
        created_at=Subquery(by_visit.values("voided_at"))
    )
    OverdoseReport.unscoped.filter(program__in=programs).update(
        created_at=Subquery(by_visit.values("occurred_at"))
    )
    for pk, at in stamps.receipts.items():
        Receipt.unscoped.filter(pk=pk).update(received_at=at)
        moves.filter(receipt_id=pk).update(created_at=at)
    for pk, (sent, received) in stamps.transfers.items():
        Transfer.unscoped.filter(pk=pk).update(sent_at=sent, received_at=received)
        moves.filter(transfer_id=pk, kind=MovementKind.TRANSFER_OUT).update(created_at=sent)
        if received is not None:
            moves.filter(transfer_id=pk, kind=MovementKind.TRANSFER_IN).update(created_at=received)
    for pk, at in stamps.movements.items():
        moves.filter(pk=pk).update(created_at=at)
    for pk, at in stamps.counts.items():
        StockCount.unscoped.filter(pk=pk).update(counted_at=at)
        moves.filter(stock_count_id=pk).update(created_at=at)
    registered = list(Participant.unscoped.filter(pk__in=stamps.participants))
    for participant in registered:
        participant.created_at = stamps.participants[participant.pk]
    Participant.unscoped.bulk_update(registered, ["created_at"], batch_size=200)
