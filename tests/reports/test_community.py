"""The public community page: a program's figures for the last four full quarters, for
anyone without an account, every small number hidden, nothing about one person."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.factories import ProgramFactory, member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.reports.community import build, last_quarters, quarter_label
from waypoint.reports.models import ReportSettings
from waypoint.reports.period import Period

from .scenario import at, participant, visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def publish_page(program, message=""):
    ReportSettings.unscoped.update_or_create(
        program=program, defaults={"community_page": True, "community_message": message}
    )


def row(table, label):
    return next(r for r in table.rows if r.label == label)


def test_the_four_full_quarters_before_today():
    quarters = last_quarters(dt.date(2025, 4, 15))
    assert [(p.start, p.end) for p in quarters] == [
        (dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        (dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
    ]
    assert last_quarters(dt.date(2025, 1, 1))[-1] == Period(
        dt.date(2024, 10, 1), dt.date(2024, 12, 31)
    )
    assert quarter_label(quarters[-1]) == "Jan–Mar 2025"


def test_figures_are_hand_counted_and_small_ones_hidden(scn):
    figures = build(scn.program, dt.date(2025, 4, 15))
    # Latest quarter first in the table (the column a phone shows without scrolling).
    assert figures.table.columns == ["Jan–Mar 2025", "Oct–Dec 2024", "Jul–Sep 2024", "Apr–Jun 2024"]
    visits = row(figures.table, "Visits")
    # Q1 2025: six visits (v7 is voided) — from 1 to 10, so hidden. Q2, Q3 2024: before
    # the program's first visit, so no data yet rather than 0.
    assert [c.value for c in visits.cells] == [None, None, None, None]
    assert [c.suppressed for c in visits.cells] == [True, True, False, False]
    assert [c.note for c in visits.cells] == ["", "", "no data yet", "no data yet"]
    syringes = row(figures.table, "Sterile syringes given out")
    # kits of 10: v1 2, v2 1, v3 3, v4 1, v6 1 = 80 syringes, shown.
    assert syringes.cells[0].value == 80 and not syringes.cells[0].suppressed
    reversals = row(figures.table, "Overdoses reversed with naloxone, as told to us")
    assert all(c.suppressed or c.value == 0 or c.note == "no data yet" for c in reversals.cells)
    # No number from 1 to the threshold anywhere.
    for r in figures.table.rows:
        for c in r.cells:
            assert not (isinstance(c.value, int) and 1 <= c.value <= figures.threshold), r.label


def test_a_program_with_no_visit_yet_says_no_data_yet(scn):
    new = ProgramFactory(network=scn.program.network, name="Brand new")
    figures = build(new, dt.date(2025, 4, 15))
    for r in figures.table.rows:
        assert [c.note for c in r.cells] == ["no data yet"] * 4, r.label
    assert figures.chart is None
    publish_page(new)
    page = Client().get(f"/community/{new.slug}/").content.decode()
    assert 'data-testid="no-data-yet"' in page and "<svg" not in page


def test_a_quarter_without_visits_after_the_first_one_is_zero(scn):
    # A year on, the quarters after the scenario's visits had none: those are 0, shown.
    figures = build(scn.program, dt.date(2026, 1, 15))
    visits = row(figures.table, "Visits")
    assert figures.table.columns[-1] == "Jan–Mar 2025"
    assert [c.value for c in visits.cells][:2] == [0, 0]
    assert not any(c.note for c in visits.cells)
    assert "<svg" in figures.chart


def test_a_quarter_with_enough_people_is_shown(scn):
    when = at(2, 3, 10)
    for n in range(12):
        person = participant(scn.program, f"MANY{n}", when)
        visit(scn.program, scn.s1, when + dt.timedelta(minutes=n), person=person)
    figures = build(scn.program, dt.date(2025, 4, 15))
    # 6 + 12 visits; p1, p2 (p3 counts as p1) and the 12 new people.
    assert row(figures.table, "Visits").cells[0].value == 18
    assert row(figures.table, "People served").cells[0].value == 14
    # New: p2 and the 12; p1 is not (p3, merged into p1, was registered in December).
    assert row(figures.table, "People who came for the first time").cells[0].value == 13


def test_the_page_is_public_only_when_the_program_publishes_it(scn):
    url = f"/community/{scn.program.slug}/"
    assert Client().get(url).status_code == 404
    publish_page(scn.program, "Thank you to everyone who comes by.")
    response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Riverside in numbers" in page
    assert "Thank you to everyone who comes by." in page
    assert 'data-testid="chart"' in page and "<svg" in page
    for code in ("AAA1", "BBB2", "CCC3", "DDD4"):
        assert code not in page
    assert "Lakeside" not in page
    assert Client().get("/community/no-such-program/").status_code == 404
    scn.program.is_active = False
    scn.program.save(update_fields=["is_active"])
    assert Client().get(url).status_code == 404


def test_the_page_shows_no_visit_of_the_quarter_under_way(scn):
    publish_page(scn.program)
    now = timezone.localtime()
    for n in range(15):
        visit(scn.program, scn.s1, now - dt.timedelta(minutes=n))
    page = Client().get(f"/community/{scn.program.slug}/").content.decode()
    table = page[page.index('id="community-table"') :]
    visits_row = table[table.index("Visits") : table.index("</tr>", table.index("Visits"))]
    assert "15" not in re.sub(r"<[^>]+>", " ", visits_row).split()


def test_the_page_in_spanish(scn):
    publish_page(scn.program)
    response = Client(headers={"accept-language": "es"}).get(f"/community/{scn.program.slug}/")
    page = response.content.decode()
    assert "Riverside en cifras" in page
    assert "Visitas" in page


def test_an_admin_publishes_the_page_and_it_is_audited(scn, client_for):
    admin = client_for(scn.admin)
    response = admin.post(
        "/reports/settings/",
        {
            "coverage_low_below": 100,
            "coverage_high_above": 200,
            "community_page": "on",
            "community_message": "Open Mondays.",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.unscoped.get(program=scn.program, action="reports.settings_create")
    assert event.extra["community_page"] is True
    page = admin.get("/reports/settings/").content.decode()
    assert f"/community/{scn.program.slug}/" in page
    assert Client().get(f"/community/{scn.program.slug}/").status_code == 200


def test_a_coordinator_cannot_publish_the_page(scn, client_for):
    coordinator = client_for(member(scn.program, Role.COORDINATOR))
    response = coordinator.post("/reports/settings/", {"community_page": "on"})
    assert response.status_code == 403
    assert not ReportSettings.unscoped.filter(program=scn.program, community_page=True).exists()


def test_an_admin_of_another_program_cannot_publish_this_one(scn, client_for):
    other_admin = client_for(member(scn.other_program, Role.ADMIN))
    other_admin.post(
        "/reports/settings/",
        {"coverage_low_below": 100, "coverage_high_above": 200, "community_page": "on"},
    )
    assert Client().get(f"/community/{scn.program.slug}/").status_code == 404
    assert Client().get(f"/community/{scn.other_program.slug}/").status_code == 200


def test_queries_are_pinned_and_a_warm_page_costs_almost_nothing(
    scn, django_assert_num_queries, django_assert_max_num_queries
):
    # The program's first visit, then six queries a quarter, however many visits there
    # are (read from the rollups when they are built, else from the visits), none of
    # them per participant.
    with django_assert_num_queries(1 + 4 * 6):
        build(scn.program, dt.date(2025, 4, 15))
    publish_page(scn.program)
    url = f"/community/{scn.program.slug}/"
    assert Client().get(url).status_code == 200
    # Then: the program, its settings and (with the database cache) the cached figures.
    with django_assert_max_num_queries(3):
        assert Client().get(url).status_code == 200


def test_the_reports_page_links_to_the_published_page(scn, client_for):
    viewer = client_for(member(scn.program, Role.VIEWER))
    assert 'data-testid="community-page-link"' not in viewer.get("/reports/").content.decode()
    publish_page(scn.program)
    page = viewer.get("/reports/").content.decode()
    assert f'href="/community/{scn.program.slug}/"' in page
