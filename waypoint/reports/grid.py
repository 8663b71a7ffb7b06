"""The publication grid: the only periods a suppressed audience can ask for.

Viewers, analysts and the public see figures for whole past calendar quarters and whole
past calendar years, and nothing else: no dates of their choosing, no weeks, no month,
no quarter still under way. Two overlapping periods of one's choosing could be
subtracted from each other to reveal a hidden count (July–December minus July–September
is October–December); quarters never overlap, and a year is shown only where each of
its quarters is (``publish.py``). Coordinators and admins, who see exact figures, keep
any period they like.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from .period import DAY, Period

# How far back the choice goes: this many years of quarters and years.
YEARS_OFFERED = 5


def default_period(template) -> Period:
    """The last full calendar year for yearly forms, else the last full quarter: both in
    the grid, so every audience has the same default."""
    if template.default_period == "year":
        return Period.calendar_year(timezone.localdate().year - 1)
    return Period.last_full_quarter()


def quarter_of(day: dt.date) -> Period:
    start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    month = start.month + 3
    following = dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return Period(start, following - DAY)


def quarters_of(period: Period) -> list[Period]:
    """The calendar quarters that make up a grid period, oldest first."""
    quarters = [quarter_of(period.start)]
    while quarters[-1].end < period.end:
        quarters.append(quarter_of(quarters[-1].end + DAY))
    return quarters


def is_quarter(period: Period) -> bool:
    return quarter_of(period.start) == period


def is_year(period: Period) -> bool:
    return period == Period.calendar_year(period.start.year)


def is_published(period: Period, today: dt.date | None = None) -> bool:
    """A whole calendar quarter or year that ended before ``today``."""
    today = today or timezone.localdate()
    return (is_quarter(period) or is_year(period)) and period.end < today


def label(period: Period) -> str:
    if is_year(period):
        return str(period.start.year)
    number = (period.start.month - 1) // 3 + 1
    return _("Q%(number)s %(year)s") % {"number": number, "year": period.start.year}


def key(period: Period) -> str:
    """``2026-q3`` for a quarter, ``2026`` for a year: the value of ``?period=``."""
    if is_year(period):
        return str(period.start.year)
    return f"{period.start.year}-q{(period.start.month - 1) // 3 + 1}"


def from_key(value: str) -> Period:
    year, _sep, quarter = value.partition("-q")
    if not quarter:
        return Period.calendar_year(int(year))
    return quarter_of(dt.date(int(year), 3 * int(quarter) - 2, 1))


def choices(today: dt.date | None = None) -> list[Period]:
    """The periods on offer, newest first: past quarters, then past years."""
    today = today or timezone.localdate()
    quarters = []
    quarter = quarter_of(today)
    while len(quarters) < 4 * YEARS_OFFERED:
        quarter = quarter_of(quarter.start - DAY)
        quarters.append(quarter)
    years = [Period.calendar_year(today.year - k) for k in range(1, YEARS_OFFERED + 1)]
    return quarters + years


def last_quarters(period: Period, count: int = 4) -> list[Period]:
    """``count`` quarters ending with the last quarter of ``period``, oldest first."""
    quarters = [quarter_of(period.end)]
    while len(quarters) < count:
        quarters.insert(0, quarter_of(quarters[0].start - DAY))
    return quarters
