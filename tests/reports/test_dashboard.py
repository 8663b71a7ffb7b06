"""The dashboard: weekly series as SVG charts and tables for coordinators; quarter by
quarter, suppressed, for viewers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
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
    weekly = board.timeline
    assert not board.by_quarter
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
        'id="timeline-table"' in page
        and 'id="site-table"' in page
        and 'id="modality-table"' in page
    )
    assert "style=" not in page.split("<main", 1)[1] and "<script>" not in page.split("<main", 1)[1]


def test_a_viewer_sees_quarters_and_their_charts_hide_what_their_tables_hide(scn, client_for):
    board = (
        client_for(member(scn.program, Role.VIEWER))
        .get("/reports/dashboard/" + Q1_QUERY)
        .context["board"]
    )
    # The four quarters up to the one chosen, each on its own: 6 visits in Q1 2025 and
    # one at the end of 2024 are suppressed, the empty quarters show 0.
    assert board.by_quarter
    assert [r.label for r in board.timeline.rows] == ["Q2 2024", "Q3 2024", "Q4 2024", "Q1 2025"]
    assert [r.cells[0].value for r in board.timeline.rows] == [0, 0, None, None]
    assert [c.title for c in board.charts][0] == "Visits per quarter"
    svg = str(board.charts[0].svg)
    assert "<rect" not in svg
    assert "values suppressed" in svg


def test_a_viewer_cannot_choose_weeks(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    response = client.get("/reports/dashboard/?start=2025-01-06&end=2025-01-12")
    assert response.context["board"] is None
    assert "whole past quarters and calendar years" in response.content.decode()


def test_big_enough_quarters_are_shown_to_viewers(scn, client_for):
    for day in range(6, 20):
        visit(scn.program, scn.s1, at(1, day % 7 + 6, 9), modality="fixed")
    board = (
        client_for(member(scn.program, Role.VIEWER))
        .get("/reports/dashboard/?period=2025-q1")
        .context["board"]
    )
    assert board.timeline.rows[-1].cells[0].value == 20  # Q1 2025: 6 visits and 14 new ones
    assert re.search(r"<rect [^>]*><title>[^<]*20</title>", str(board.charts[0].svg))


def test_a_year_shows_its_quarters_and_hides_its_total_with_a_small_quarter(scn, client_for):
    for day in range(1, 28):
        visit(scn.program, scn.s1, at(5, day, 9), modality="fixed")
    board = (
        client_for(member(scn.program, Role.VIEWER))
        .get("/reports/dashboard/?period=2025")
        .context["board"]
    )
    visits = [r.cells[0].value for r in board.timeline.rows]
    # Q1 (6 visits) is hidden, so the year, which is Q1 plus what is shown, is too.
    assert visits == [None, 28, 0, 0, None]  # Q2: 27 and one just after midnight
    # Its breakdown by site was hidden in Q1, so it is hidden for the year.
    assert all(row.cells[0].suppressed for row in board.by_site.rows[:-1])


@pytest.mark.parametrize(("role", "pinned"), [(Role.VIEWER, 27), (Role.COORDINATOR, 19)])
def test_dashboard_query_count_is_pinned(scn, client_for, role, pinned):
    client = client_for(member(scn.program, role))
    client.get("/reports/dashboard/" + Q1_QUERY)  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        client.get("/reports/dashboard/" + Q1_QUERY)
    for day in range(1, 28):
        visit(scn.program, scn.s2, at(2, day, 10), modality="mobile")
    with CaptureQueriesContext(connection) as more:
        client.get("/reports/dashboard/" + Q1_QUERY)
    assert len(first) == len(more) == pinned, [q["sql"][:120] for q in more.captured_queries]


# Coordinator: session, user, memberships, analyst grants, current site (5); totals,
# weekly, by site and by modality: one query per table each (3 + 3 + 3 + 2), site names
# (1); the site filter's choices and the site switcher (2); whether the program's rollups
# are ready (1). A viewer has no site filter (-1) and no weekly table (-3), and the four
# quarters of the timeline cost three queries each (+12). More visits never add a query.
