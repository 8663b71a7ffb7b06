"""A program's community page: what the program did in the last four full quarters, for
anyone, with no sign-in — participants, neighbours, the press, the county board.

A program's admin turns it on in the report settings. Only whole past quarters are shown,
each figure on its own, with no totals across quarters and no breakdown by site or day:
a total next to its parts would let someone work out a hidden part (or, from last
quarter's page and this quarter's, a hidden quarter), and a date range of the visitor's
choosing would let them subtract one range from another. Every count from 1 to the
suppression threshold is hidden (STANDARDS §3). Nothing here is about one person. A
quarter that ended before the program's first visit says "no data yet" rather than 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Min
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter

from .charts import Series, bar_chart, describe
from .compose import total_of
from .indicators.base import Calculator, get
from .period import Period, Scope
from .publish import LIST, DraftCell, DraftRow, DraftTable, publish, suppression_threshold
from .results import Cell, Table

QUARTERS = 4
CACHE_SECONDS = 15 * 60
# (indicator, the plain words the page uses for it)
FIGURES = (
    ("visits", gettext_lazy("Visits")),
    ("unique_people", gettext_lazy("People served")),
    ("new_people", gettext_lazy("People who came for the first time")),
    ("syringes_given", gettext_lazy("Sterile syringes given out")),
    ("syringes_collected", gettext_lazy("Used syringes collected for safe disposal")),
    ("naloxone_kits", gettext_lazy("Naloxone kits given out")),
    ("reversals", gettext_lazy("Overdoses reversed with naloxone, as told to us")),
    ("test_strips", gettext_lazy("Drug test strips given out")),
    ("hiv_tests", gettext_lazy("HIV tests")),
    ("hcv_tests", gettext_lazy("Hepatitis C tests")),
)


@dataclass
class CommunityFigures:
    table: Table
    chart: SafeString | None  # None before the program's first visit
    first: dt.date
    last: dt.date
    threshold: int
    made_at: dt.datetime


def last_quarters(today: dt.date, count: int = QUARTERS) -> list[Period]:
    """The ``count`` full quarters before ``today``'s, oldest first."""
    periods = [Period.last_full_quarter(today)]
    while len(periods) < count:
        periods.insert(0, Period.last_full_quarter(periods[0].start))
    return periods


def quarter_label(period: Period) -> str:
    return _("%(first)s–%(last)s %(year)s") % {
        "first": formats.date_format(period.start, "M"),
        "last": formats.date_format(period.end, "M"),
        "year": period.end.year,
    }


def first_visit_day(program) -> dt.date | None:
    """The day of the program's first visit (voided ones aside), or None. One query."""
    first = Encounter.objects.filter(program=program, voided_at__isnull=True).aggregate(
        first=Min("occurred_at")
    )["first"]
    return timezone.localdate(first) if first is not None else None


def build(program, today: dt.date | None = None) -> CommunityFigures:
    """The page's figures, suppressed. Reads the rollups where they are built."""
    periods = last_quarters(today or timezone.localdate())
    threshold = suppression_threshold()
    keys = [key for key, _label in FIGURES]
    columns = []
    with program_scope(program):
        first = first_visit_day(program)
        for period in periods:
            calc = Calculator(period, Scope.of_program(program))
            calc.prefetch(keys)
            columns.append({key: total_of(calc.value(key)) for key in keys})
    # Quarters over before the first visit: no data yet, not a count of none.
    before = [first is None or period.end < first for period in periods]
    labels = [quarter_label(period) for period in periods]
    # The table puts the latest quarter first (on a phone it is the column in view);
    # the chart runs oldest to latest, as time does.
    draft = DraftTable(
        _("What we did, quarter by quarter"),
        labels[::-1],
        [
            DraftRow(
                str(label),
                [DraftCell(column[key]) for column in columns[::-1]],
                description=str(get(key).description),
            )
            for key, label in FIGURES
        ],
        LIST,
        row_header=_("Figure"),
    )
    table = publish(draft, suppressed=True, threshold=threshold)
    for row in table.rows:
        for n, early in enumerate(before[::-1]):
            if early and row.cells[n].value == 0:
                row.cells[n] = Cell(None, note=_("no data yet"))
    shown = {key: row for (key, _label), row in zip(FIGURES, table.rows, strict=True)}
    since = before.count(True)  # the chart starts at the first quarter with visits
    series = [
        Series(str(label), [cell.value for cell in shown[key].cells][::-1][since:])
        for key, label in FIGURES
        if key in ("visits", "unique_people")
    ]
    chart = None
    if since < len(periods):
        chart = bar_chart(
            _("Visits and people served, by quarter"),
            describe(labels[since:], series),
            labels[since:],
            series,
        )
    return CommunityFigures(
        table=table,
        chart=chart,
        first=periods[0].start,
        last=periods[-1].end,
        threshold=threshold,
        made_at=timezone.now(),
    )


def figures_for(program) -> CommunityFigures:
    """``build``, kept for a few minutes per program and language: the page is public,
    and past quarters change only when a visit is corrected."""
    today = timezone.localdate()
    key = (
        f"reports:community:{program.pk}:{today.isoformat()}:"
        f"{translation.get_language()}:{suppression_threshold()}"
    )
    found = cache.get(key)
    if found is None:
        found = build(program, today)
        cache.set(key, found, CACHE_SECONDS)
    return found
