"""The dashboard: weekly visits, syringes out and in, naloxone kits, reversals and test
strips, by site and by how people were served — as SVG charts and as tables.

Charts are drawn from the published tables, so a viewer's chart hides exactly what the
viewer's table hides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import charts
from .compose import by_category_table
from .definitions.base import ByCategory
from .indicators import Calculator, get
from .period import Period, Scope
from .publish import publish
from .results import Table

WEEKLY = (
    "visits",
    "syringes_given",
    "syringes_collected",
    "naloxone_kits",
    "reversals",
    "test_strips",
)
BY_MODALITY = ("visits", "syringes_given", "syringes_collected", "naloxone_kits", "test_strips")


def default_period(today: dt.date | None = None) -> Period:
    """The last twelve full weeks, Monday to Sunday."""
    today = today or timezone.localdate()
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
    weekly: Table
    by_site: Table | None
    by_modality: Table
    charts: list[Chart]


def _column(table: Table, key: str) -> list:
    index = WEEKLY.index(key)  # the weekly table's columns are WEEKLY, in order
    return [row.cells[index].value for row in table.rows if not row.is_total]


def _charts(weekly: Table) -> list[Chart]:
    labels = [row.label for row in weekly.rows if not row.is_total]

    def series(key: str) -> charts.Series:
        return charts.Series(str(get(key).name), _column(weekly, key))

    plans = [
        (_("Visits per week"), charts.bar_chart, ["visits"]),
        (
            _("Syringes out and in per week"),
            charts.line_chart,
            ["syringes_given", "syringes_collected"],
        ),
        (
            _("Naloxone kits and reversals per week"),
            charts.bar_chart,
            ["naloxone_kits", "reversals"],
        ),
        (_("Test strips per week"), charts.bar_chart, ["test_strips"]),
    ]
    drawn = []
    for title, draw, keys in plans:
        lines = [series(key) for key in keys]
        description = charts.describe(labels, lines)
        drawn.append(Chart(title, draw(title, description, labels, lines), "weekly-table"))
    return drawn


def build_dashboard(period: Period, scope: Scope, *, suppressed: bool) -> Dashboard:
    calc = Calculator(period, scope)
    calc.prefetch(WEEKLY)
    calc.prefetch_breakdowns(WEEKLY, "week")
    weekly = publish(
        by_category_table(ByCategory(_("Week by week"), "week", WEEKLY), calc),
        suppressed=suppressed,
    )
    by_site = None
    if scope.kind != "site":
        calc.prefetch_breakdowns(WEEKLY, "site")
        by_site = publish(
            by_category_table(ByCategory(_("By site"), "site", WEEKLY), calc), suppressed=suppressed
        )
    calc.prefetch_breakdowns(BY_MODALITY, "modality")
    by_modality = publish(
        by_category_table(
            ByCategory(_("By how people were served"), "modality", BY_MODALITY), calc
        ),
        suppressed=suppressed,
    )
    return Dashboard(period, weekly, by_site, by_modality, _charts(weekly))
