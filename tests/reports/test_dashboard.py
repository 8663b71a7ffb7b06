"""The dashboard: weekly series as SVG charts and tables, suppressed for viewers."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import member
from waypoint.core.models import Role
from waypoint.reports.dashboard import default_period

from .scenario import at, visit

Q1_QUERY = "?start=2025-01-01&end=2025-03-31"


def test_default_range_is_twelve_full_weeks():
    period = default_period(dt.date(2025, 5, 14))  # a Wednesday
    assert (period.start, period.end) == (dt.date(2025, 2, 17), dt.date(2025, 5, 11))
    assert period.start.weekday() == 0 and period.days == 84


def test_charts_and_tables_show_the_same_weekly_figures(scn, client_for):
    response = client_for(scn.admin).get("/reports/dashboard/" + Q1_QUERY)
    board = response.context["board"]
    weekly = board.weekly
    assert [r.label for r in weekly.rows][-1] == "Total" and len(weekly.rows) == 15
    visits = [r.cells[0].value for r in weekly.rows]
    assert sum(visits[:-1]) == visits[-1] == 6
    assert [c.title for c in board.charts] == [
        "Visits per week",
        "Syringes out and in per week",
        "Naloxone kits and reversals per week",
        "Test strips per week",
    ]
    svg = str(board.charts[0].svg)
    assert svg.count("<rect") == sum(1 for v in visits[:-1] if v)  # one bar per week with visits
    assert 'role="img"' in svg and 'aria-label="Visits per week"' in svg
    assert "<title>" in svg and "<desc" in svg
    page = response.content.decode()
    assert page.count('data-testid="chart"') == 4
    assert (
        'id="weekly-table"' in page and 'id="site-table"' in page and 'id="modality-table"' in page
    )
    assert "style=" not in page.split("<main", 1)[1] and "<script>" not in page.split("<main", 1)[1]


def test_a_viewers_charts_hide_what_their_tables_hide(scn, client_for):
    board = (
        client_for(member(scn.program, Role.VIEWER))
        .get("/reports/dashboard/" + Q1_QUERY)
        .context["board"]
    )
    # 0 to 2 visits a week: every week with visits, and the total of 6, is suppressed.
    assert all(r.cells[0].suppressed or r.cells[0].value == 0 for r in board.weekly.rows)
    assert board.weekly.rows[-1].cells[0].suppressed
    svg = str(board.charts[0].svg)
    assert "<rect" not in svg
    assert "values suppressed" in svg


def test_big_enough_weeks_are_shown_to_viewers(scn, client_for):
    for day in range(6, 20):
        visit(scn.program, scn.s1, at(1, day % 7 + 6, 9), modality="fixed")
    board = (
        client_for(member(scn.program, Role.VIEWER))
        .get("/reports/dashboard/?start=2025-01-06&end=2025-01-12")
        .context["board"]
    )
    assert board.weekly.rows[0].cells[0].value == 14  # Jan 6–12: 14 new visits, nothing else
    assert re.search(r"<rect [^>]*><title>[^<]*14</title>", str(board.charts[0].svg))


def test_dashboard_query_count_is_pinned(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    client.get("/reports/dashboard/" + Q1_QUERY)  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        client.get("/reports/dashboard/" + Q1_QUERY)
    for day in range(1, 28):
        visit(scn.program, scn.s2, at(2, day, 10), modality="mobile")
    with CaptureQueriesContext(connection) as more:
        client.get("/reports/dashboard/" + Q1_QUERY)
    assert len(first) == len(more) == PINNED, [q["sql"][:120] for q in more.captured_queries]


# Session, user, memberships, analyst grants, current site (5); totals, weekly, by site
# and by modality: one query per table each (3 + 3 + 3 + 2), site names (1); the site
# filter's choices and the site switcher (2); whether the program's rollups are ready
# (1). More visits never add a query.
PINNED = 20
