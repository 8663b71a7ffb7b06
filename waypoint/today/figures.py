"""Report figures on the Today page. They come from the very tables the report pages
publish for the same audience, never from a calculation of their own: a figure the
dashboard or the network summary hides stays hidden here, and nothing new is shown
that could be set against them to work out a small number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from waypoint.reports import grid
from waypoint.reports.compose import build_report
from waypoint.reports.dashboard import build_dashboard
from waypoint.reports.dashboard import default_period as dashboard_period
from waypoint.reports.definitions import TEMPLATES
from waypoint.reports.period import Period, Scope
from waypoint.reports.quarter_email import reports_due
from waypoint.reports.results import Cell

NETWORK_SUMMARY = "network"


@dataclass
class Figures:
    period: str  # e.g. "Q3 2026"
    rows: list[tuple[str, Cell]]
    url: str  # the page they come from


def program_figures(program) -> Figures:
    """The latest full quarter of the program's dashboard as a viewer sees it:
    suppressed, the default period of the dashboard's published version."""
    board = build_dashboard(
        dashboard_period(published=True), Scope.of_program(program), suppressed=True
    )
    latest = [row for row in board.timeline.rows if not row.is_total][-1]
    return Figures(
        latest.label,
        list(zip(board.timeline.columns, latest.cells, strict=True)),
        reverse("reports:dashboard"),
    )


def network_figures(network) -> Figures:
    """The totals of the network summary for its default period (the last full quarter),
    suppressed, as the network report page shows them."""
    template = TEMPLATES[NETWORK_SUMMARY]
    period = grid.default_period(template)
    result = build_report(template, period, Scope.of_network(network), suppressed=True)
    totals = result.sections[0].tables[0]
    query = urlencode({"network": network.pk, "period": grid.key(period)})
    # A figure the network cannot have (a coverage rate without a population estimate)
    # is left off here; the report page says why.
    shown = [
        row for row in totals.rows if row.cells[0].value is not None or row.cells[0].suppressed
    ]
    return Figures(
        grid.label(period),
        [(row.label, row.cells[0]) for row in shown],
        f"{reverse(f'reports:network_{template.key}')}?{query}",
    )


@dataclass
class DueReport:
    title: str
    period: str
    url: str


def due_this_quarter(today: dt.date) -> tuple[str, list[DueReport]]:
    """The reports to file this quarter (for the quarter just past, and in the first
    quarter for the year just past), each linked to its page for that period."""
    quarter = Period.last_full_quarter(today)
    due = []
    for template, period in reports_due(quarter):
        query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
        due.append(
            DueReport(
                str(template.title),
                grid.label(period),
                f"{reverse(f'reports:{template.key}')}?{query}",
            )
        )
    return grid.label(quarter), due
