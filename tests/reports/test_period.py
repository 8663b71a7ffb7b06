import datetime as dt

import pytest

from waypoint.reports.period import Period

D = dt.date


@pytest.mark.parametrize(
    "today,start,end",
    [
        (D(2025, 5, 14), D(2025, 1, 1), D(2025, 3, 31)),
        (D(2025, 1, 1), D(2024, 10, 1), D(2024, 12, 31)),
        (D(2025, 3, 31), D(2024, 10, 1), D(2024, 12, 31)),
        (D(2025, 12, 31), D(2025, 7, 1), D(2025, 9, 30)),
    ],
)
def test_the_default_period_is_the_last_full_quarter(today, start, end):
    assert Period.last_full_quarter(today) == Period(start, end)


def test_thirty_day_windows_drop_a_short_tail():
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31))  # 90 days
    assert [(w.start, w.end) for w in q1.windows(30)] == [
        (D(2025, 1, 1), D(2025, 1, 30)),
        (D(2025, 1, 31), D(2025, 3, 1)),
        (D(2025, 3, 2), D(2025, 3, 31)),
    ]
    assert len(Period(D(2025, 1, 1), D(2025, 3, 30)).windows(30)) == 2  # 89 days
    short = Period(D(2025, 1, 1), D(2025, 1, 10))
    assert short.windows(30) == [short]


def test_bounds_are_local_midnights():
    begin, finish = Period(D(2025, 7, 1), D(2025, 7, 1)).bounds()
    assert begin.isoformat() == "2025-07-01T00:00:00-04:00"
    assert finish.isoformat() == "2025-07-02T00:00:00-04:00"


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(D(2025, 2, 1), D(2025, 1, 31))


def test_last_days_and_weeks():
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31))
    assert q1.last_days(28) == Period(D(2025, 3, 4), D(2025, 3, 31))
    assert Period(D(2025, 3, 20), D(2025, 3, 31)).last_days(28).days == 12
    weeks = q1.week_starts()
    assert weeks[0] == D(2024, 12, 30) and weeks[-1] == D(2025, 3, 31) and len(weeks) == 14
