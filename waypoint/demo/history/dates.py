"""Date and chance helpers of the demo history: moments, months, weekdays, holidays."""

from __future__ import annotations

import datetime as dt
import math

from django.utils import timezone

from .data import DAY


def _at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


def _month_start(day: dt.date, offset: int) -> dt.date:
    months = day.year * 12 + day.month - 1 + offset
    return dt.date(months // 12, months % 12 + 1, 1)


def _first_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += DAY
    return day


def _last_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= DAY
    return day


def _holidays(year: int) -> set[dt.date]:
    """US federal holidays the demo's staffed sites close on (the vending machine does not)."""

    def nth(month: int, weekday: int, n: int) -> dt.date:
        first = dt.date(year, month, 1)
        return first + DAY * ((weekday - first.weekday()) % 7 + 7 * (n - 1))

    last_monday_may = nth(5, 0, 5) if nth(5, 0, 5).month == 5 else nth(5, 0, 4)
    fixed = [(1, 1), (6, 19), (7, 4), (11, 11), (12, 25)]
    return {dt.date(year, m, d) for m, d in fixed} | {
        last_monday_may,
        nth(9, 0, 1),
        nth(11, 3, 4),
    }


def _poisson(rng, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
