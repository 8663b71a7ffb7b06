"""The dashboard: visits, syringes out and in, naloxone kits, reversals and test strips
over time, by site and by how people were served — as SVG charts and as tables.

Coordinators and admins see exact figures week by week for any period. A suppressed
audience sees a period of the publication grid (``grid.py``) quarter by quarter: the
quarters of a year with the year's total, or the four quarters up to a chosen quarter,
each on its own. Charts are drawn from the published tables, so a viewer's chart hides
exactly what the viewer's table hides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import charts, grid
from .compose import by_category_table, hidden_inside
from .definitions.base import ByCategory
from .indicators import Calculator, get
from .period import Period, Scope
from .publish import (
    BREAKDOWN,
    LIST,
    DraftCell,
    DraftRow,
    DraftTable,
    publish,
    suppression_threshold,
)
from .results import Table
from .suppression import ADDITIVE

WEEKLY = (
    "visits",
    "syringes_given",
    "syringes_collected",
    "naloxone_kits",
    "reversals",
    "test_strips",
)
BY_MODALITY = ("visits", "syringes_given", "syringes_collected", "naloxone_kits", "test_strips")


def default_period(today: dt.date | None = None, *, published: bool = False) -> Period:
    """The last twelve full weeks, Monday to Sunday; the last full quarter when
    ``published``."""
    today = today or timezone.localdate()
    if published:
        return Period.last_full_quarter(today)
    last_sunday = today - dt.timedelta(days=today.weekday() + 1)
    return Period(last_sunday - dt.timedelta(weeks=12) + dt.timedelta(days=1), last_sunday)


@dataclass
class Chart:
    title: str
    svg: SafeString
    table_id: str  # the table that holds the same figures


@dataclass
class Dashboard:
    period: Period
    timeline: Table  # week by week, or quarter by quarter for a suppressed audience
    by_site: Table | None
    by_modality: Table
    charts: list[Chart]
    by_quarter: bool = False


def _column(table: Table, key: str) -> list:
    index = WEEKLY.index(key)  # the timeline's columns are WEEKLY, in order
    return [row.cells[index].value for row in table.rows if not row.is_total]


def _charts(timeline: Table, *, by_quarter: bool) -> list[Chart]:
    labels = [row.label for row in timeline.rows if not row.is_total]

    def series(key: str) -> charts.Series:
        return charts.Series(str(get(key).name), _column(timeline, key))

    if by_quarter:
        titles = (
            _("Visits per quarter"),
            _("Syringes out and in per quarter"),
            _("Naloxone kits and reversals per quarter"),
            _("Test strips per quarter"),
        )
    else:
        titles = (
            _("Visits per week"),
            _("Syringes out and in per week"),
            _("Naloxone kits and reversals per week"),
            _("Test strips per week"),
        )
    plans = [
        (charts.bar_chart, ["visits"]),
        (charts.line_chart, ["syringes_given", "syringes_collected"]),
        (charts.bar_chart, ["naloxone_kits", "reversals"]),
        (charts.bar_chart, ["test_strips"]),
    ]
    drawn = []
    for title, (draw, keys) in zip(titles, plans, strict=True):
        lines = [series(key) for key in keys]
        description = charts.describe(labels, lines)
        drawn.append(Chart(title, draw(title, description, labels, lines), "timeline-table"))
    return drawn


def _quarters_draft(whole: Calculator) -> DraftTable:
    """Quarter by quarter: a year's quarters and its total, or the four quarters up to a
    chosen quarter, each on its own (no total across them)."""
    period = whole.period
    year = grid.is_year(period)
    quarters = grid.quarters_of(period) if year else grid.last_quarters(period)
    rows = []
    for quarter in quarters:
        calc = whole.part(quarter)
        calc.prefetch(WEEKLY)
        cells = [
            DraftCell(calc.value(key), address=(key, "quarter", quarter.start)) for key in WEEKLY
        ]
        rows.append(DraftRow(grid.label(quarter), cells))
    if year:
        cells = [DraftCell(whole.value(key), address=(key, None, None)) for key in WEEKLY]
        rows.append(DraftRow(_("Total"), cells, is_total=True))
    return DraftTable(
        _("Quarter by quarter"),
        [str(get(key).name) for key in WEEKLY],
        rows,
        BREAKDOWN,
        [ADDITIVE] * len(WEEKLY),
        row_header=_("Quarter"),
    )


def _breakdowns(calc: Calculator) -> list[DraftTable]:
    drafts = []
    if calc.scope.kind != "site":
        calc.prefetch_breakdowns(WEEKLY, "site")
        drafts.append(by_category_table(ByCategory(_("By site"), "site", WEEKLY), calc))
    calc.prefetch_breakdowns(BY_MODALITY, "modality")
    drafts.append(
        by_category_table(ByCategory(_("By how people were served"), "modality", BY_MODALITY), calc)
    )
    return drafts


def _parts(calc: Calculator) -> list[DraftTable]:
    """Every figure of the dashboard for one quarter, to hide in a year what it hides."""
    calc.prefetch(WEEKLY)
    totals = [
        DraftRow(key, [DraftCell(calc.value(key), address=(key, None, None))]) for key in WEEKLY
    ]
    return [*_breakdowns(calc), DraftTable("", [""], totals, LIST)]


def build_dashboard(period: Period, scope: Scope, *, suppressed: bool) -> Dashboard:
    threshold = suppression_threshold()
    calc = Calculator(period, scope)
    calc.prefetch(WEEKLY)
    if suppressed:
        timeline_draft = _quarters_draft(calc)
    else:
        calc.prefetch_breakdowns(WEEKLY, "week")
        timeline_draft = by_category_table(ByCategory(_("Week by week"), "week", WEEKLY), calc)
    drafts = _breakdowns(calc)
    forced = None
    if suppressed:
        forced = hidden_inside(_parts, drafts, calc, threshold)
    publish_all = [
        publish(draft, suppressed=suppressed, threshold=threshold, forced=forced)
        for draft in [timeline_draft, *drafts]
    ]
    timeline, *rest = publish_all
    by_site = rest[0] if len(rest) == 2 else None
    return Dashboard(
        period,
        timeline,
        by_site,
        rest[-1],
        _charts(timeline, by_quarter=suppressed),
        by_quarter=suppressed,
    )
