"""What the Today page reads, role by role. Each read is a fixed number of queries,
whatever the number of visits, items, lots, transfers, devices or exports; the page
shows the first few rows of each list and links to the page that has them all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from waypoint.accounts.models import DeviceToken
from waypoint.encounters.models import Encounter
from waypoint.encounters.queries import with_lines
from waypoint.encounters.validation import get_visit_settings
from waypoint.exports.models import ExportJob, ExportStatus
from waypoint.supplies import dashboard as stock
from waypoint.supplies.models import Transfer, TransferStatus

# Rows of each list shown on the page; the rest are a link away.
SHOWN = 5
RECENT_VISITS = 10
RECENT_DAYS = 7
FAILED_EXPORT_DAYS = 7


def _day(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The local calendar day of ``now``, as [start, end)."""
    today = timezone.localdate(now)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    return start, end


def visits_today(site, user, *, now: dt.datetime) -> dict[str, int]:
    """Visits at ``site`` today (voided ones left out), and how many ``user`` logged.
    One query."""
    start, end = _day(now)
    return Encounter.objects.filter(
        program=site.program_id,
        site=site,
        occurred_at__gte=start,
        occurred_at__lt=end,
        voided_at__isnull=True,
    ).aggregate(total=Count("id"), mine=Count("id", filter=Q(staff=user)))


@dataclass
class RecentVisit:
    visit: Encounter
    can_correct: bool  # still inside the program's edit window


def my_recent_visits(program, site, user, *, now: dt.datetime) -> list[RecentVisit]:
    """The visits ``user`` logged at ``site`` in the last week, newest first, voided ones
    included (marked), with what was given and done, and whether each can still be
    corrected. Four queries: the window settings, the visits, their lines, their services."""
    edit_window = get_visit_settings(program).edit_window
    visits = Encounter.objects.filter(
        program=program,
        site=site,
        staff=user,
        occurred_at__gte=now - dt.timedelta(days=RECENT_DAYS),
    ).order_by("-occurred_at", "-id")
    rows = with_lines(visits.select_related("participant"))[:RECENT_VISITS]
    return [RecentVisit(v, v.voided_at is None and now - v.created_at <= edit_window) for v in rows]


@dataclass
class StockNeeds:
    low: list
    recount: list
    expiring: list
    on_the_way: list
    expiry_days: int
    more: dict[str, int]

    @property
    def empty(self) -> bool:
        return not (self.low or self.recount or self.expiring or self.on_the_way)


def transfers_on_the_way(program) -> list[Transfer]:
    """Transfers sent and not yet received or cancelled, oldest first, with their sites,
    number of lines and units. One query."""
    return list(
        Transfer.objects.filter(program=program, status=TransferStatus.SENT)
        .select_related("from_site", "to_site")
        .annotate(line_count=Count("lines"), units=Sum("lines__quantity"))
        .order_by("sent_at", "pk")
    )


def stock_needs(program, *, now: dt.datetime) -> StockNeeds:
    """What needs a coordinator's hands across the program's active sites: items below
    their reorder point, balances flagged for a recount, lots expiring, stock on the way.
    The stock dashboard's nine queries (``supplies.dashboard.build``) and one for the
    transfers."""
    board = stock.build(program, now=now)
    lists = {
        "low": board.low,
        "recount": board.recount,
        "expiring": board.expiring,
        "on_the_way": transfers_on_the_way(program),
    }
    return StockNeeds(
        **{name: rows[:SHOWN] for name, rows in lists.items()},
        expiry_days=board.expiry_days,
        more={name: max(0, len(rows) - SHOWN) for name, rows in lists.items()},
    )


def devices_last_seen(program) -> list[DeviceToken]:
    """The program's devices that can still sign in, the longest unseen first (never-used
    ones lead). One query."""
    return list(
        DeviceToken.objects.filter(program=program, revoked_at__isnull=True).order_by(
            F("last_used_at").asc(nulls_first=True), "name"
        )[: SHOWN + 1]
    )


def failed_exports(program, *, now: dt.datetime) -> list[ExportJob]:
    """Exports of the program that failed in the last week, newest first. One query."""
    return list(
        ExportJob.objects.filter(
            program=program,
            status=ExportStatus.FAILED,
            created_at__gte=now - dt.timedelta(days=FAILED_EXPORT_DAYS),
        )
        .select_related("requested_by")
        .order_by("-created_at", "-id")[:SHOWN]
    )
