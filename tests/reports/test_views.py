"""Report pages: who sees what, periods, sites, network reports, settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import NetworkFactory, ProgramFactory, SiteFactory, member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import NetworkAnalyst, Role
from waypoint.reports.models import ReportSettings
from waypoint.reports.period import Period

from .scenario import at, participant, visit

Q1_QUERY = "?start=2025-01-01&end=2025-03-31"


def cells(result):
    return [cell for table in result.tables() for row in table.rows for cell in row.cells]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PEER, Role.STAFF])
def test_below_coordinator_only_suppressed_figures(scn, client_for, role):
    client = client_for(member(scn.program, role))
    response = client.get("/reports/california/" + Q1_QUERY)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.suppressed
    assert not any(c.unit == "visits" and c.value in range(1, 11) for c in cells(result))
    assert b'data-testid="suppression-note"' in response.content
    assert b"Not for publication" not in response.content
    # Asking for exact figures changes nothing for them.
    assert (
        client.get("/reports/california/" + Q1_QUERY + "&published=0").context["result"].suppressed
    )


def test_coordinators_see_exact_figures_marked_not_for_publication(scn, client_for):
    client = client_for(member(scn.program, Role.COORDINATOR))
    response = client.get("/reports/california/" + Q1_QUERY)
    result = response.context["result"]
    assert not result.suppressed
    assert "Not for publication: small numbers shown." in response.content.decode()
    published = client.get("/reports/california/" + Q1_QUERY + "&published=1")
    assert published.context["result"].suppressed


def test_the_default_period_is_the_last_full_quarter_or_year(scn, client_for):
    client = client_for(scn.admin)
    quarter = client.get("/reports/sharp/").context["result"]
    assert Period(quarter.start, quarter.end) == Period.last_full_quarter()
    year = client.get("/reports/nasen/").context["result"]
    assert (year.start.month, year.start.day, year.end.month, year.end.day) == (1, 1, 12, 31)
    assert year.start.year == dt.date.today().year - 1


@pytest.mark.parametrize(
    "query,message",
    [
        ("?start=2025-03-01&end=2025-01-01", "The start date must be on or before the end date."),
        ("?start=2025-01-01", "Give both a start and an end date"),
        ("?start=yesterday&end=2025-01-01", "Enter a valid date."),
        ("?start=1999-01-01&end=1999-02-01", "Choose dates from the year 2000 to 2100."),
        ("?start=2000-01-01&end=2025-01-01", "Choose a period of ten years or less."),
    ],
)
def test_bad_dates_get_a_clear_message_and_no_figures(scn, client_for, query, message):
    response = client_for(scn.admin).get("/reports/sharp/" + query)
    assert response.status_code == 200
    assert response.context["result"] is None
    assert message in response.content.decode()
    assert b'data-testid="period-error"' in response.content


def test_a_site_of_the_program_narrows_the_report(scn, client_for):
    client = client_for(scn.admin)
    result = client.get(f"/reports/california/{Q1_QUERY}&site={scn.s1.pk}").context["result"]
    assert result.scope == "Riverside, site Main Street"
    other = client.get(f"/reports/california/{Q1_QUERY}&site={scn.other_site.pk}")
    assert other.context["result"] is None  # another program's site is not a choice
    assert "Lake clinic" not in other.content.decode()


def test_every_report_page_renders_like_its_form(scn, client_for):
    client = client_for(scn.admin)
    index = client.get("/reports/")
    for key in ("sharp", "california", "west_virginia", "utah", "maryland", "nasen", "oend"):
        url = reverse(f"reports:{key}")
        assert url.encode() in index.content
        page = client.get(url + Q1_QUERY).content.decode()
        assert 'data-testid="form-header"' in page
    state = client.get(reverse("reports:utah") + Q1_QUERY).content.decode()
    assert "Part 0: Program information" in state and "Part b: Syringes" in state
    nasen = client.get(reverse("reports:nasen") + Q1_QUERY).content.decode()
    assert "Section A. Syringe collection, distribution, and disposal" in nasen


def test_viewers_reach_no_participant_level_page(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    home = client.get("/").content.decode()
    assert reverse("reports:index") in home
    for url in (
        reverse("participants:list"),
        reverse("participants:detail", args=[scn.people["p1"].pk]),
        reverse("encounters:window"),
        reverse("encounters:detail", args=[scn.visits["v1"].pk]),
        reverse("encounters:history", args=[scn.people["p1"].pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert url not in home


def test_report_settings_are_saved_and_audited(scn, client_for):
    client = client_for(scn.admin)
    assert client.get("/reports/settings/").status_code == 200
    response = client.post(
        "/reports/settings/",
        {
            "pwid_population": "400",
            "area_name": "River County",
            "coverage_low_below": "100",
            "coverage_high_above": "200",
        },
    )
    assert response.status_code == 302
    saved = ReportSettings.unscoped.get(program=scn.program)
    assert (saved.pwid_population, saved.area_name) == (400, "River County")
    event = AuditEvent.unscoped.get(program=scn.program, action="reports.settings_create")
    assert event.extra["pwid_population"] == 400
    coverage = client.get("/reports/sharp/" + Q1_QUERY).context["result"]
    assert [c.value for c in cells(coverage) if c.unit == "per_person_year"] == [0.8]


def test_report_settings_refuse_bands_the_wrong_way_round(scn, client_for):
    response = client_for(scn.admin).post(
        "/reports/settings/", {"coverage_low_below": "300", "coverage_high_above": "200"}
    )
    assert response.status_code == 200
    assert "must be at least the low-coverage figure" in response.content.decode()
    assert not ReportSettings.unscoped.exists()


def _shared_network():
    """Two programs of 12 participants each; 5 people use the same code at both."""
    network = NetworkFactory(name="Coalition")
    a, b = (
        ProgramFactory(network=network, name="North"),
        ProgramFactory(network=network, name="South"),
    )
    site_a, site_b = (
        SiteFactory(program=a, name="North site"),
        SiteFactory(program=b, name="South site"),
    )
    for n in range(12):
        pa = participant(a, f"NORTH{n:02d}", at(1, 2))
        visit(a, site_a, at(1, 3 + n), person=pa)
        code_b = f"NORTH{n:02d}" if n < 5 else f"SOUTH{n:02d}"
        pb = participant(b, f"B-{n:02d}", at(1, 2), same_as=code_b)
        visit(b, site_b, at(2, 3 + n), person=pb)
    return network, a, b


def test_network_report_counts_a_person_at_two_programs_once(db, client_for):
    network, a, b = _shared_network()
    analyst = member(a, Role.VIEWER)
    NetworkAnalyst.objects.create(user=analyst, network=network)
    response = client_for(analyst).get("/reports/network/network/" + Q1_QUERY)
    result = response.context["result"]
    assert result.suppressed
    people = next(
        row
        for t in result.tables()
        for row in t.rows
        if row.label == "People served (unduplicated)"
    )
    assert people.cells[0].value == 19  # 12 + 12 - 5
    by_program = next(t for t in result.tables() if t.title == "Programs")
    assert [(r.label, r.cells[1].value) for r in by_program.rows] == [
        ("North", 12),
        ("South", 12),
        ("Total", 19),
    ]
    page = response.content.decode()
    for code in ("NORTH00", "SOUTH07", "B-03"):
        assert code not in page


def test_one_program_sees_nothing_of_the_other(db, client_for):
    network, a, b = _shared_network()
    north_admin = member(a, Role.ADMIN)
    client = client_for(north_admin)
    result = client.get("/reports/california/" + Q1_QUERY).context["result"]
    people = next(
        c for t in result.tables() for r in t.rows if r.label == "Persons served" for c in r.cells
    )
    assert people.value == 12  # only North's; the 5 shared people are not revealed
    pages = [
        client.get(reverse(f"reports:{k}") + Q1_QUERY).content.decode()
        for k in ("sharp", "maryland")
    ]
    pages.append(client.get("/reports/dashboard/" + Q1_QUERY).content.decode())
    for page in pages:
        assert "South" not in page and "B-0" not in page
    # Network reports are for analysts only.
    assert client.get("/reports/network/network/").status_code == 403


def test_an_analyst_chooses_among_their_own_networks_only(scn, client_for):
    other_network = NetworkFactory(name="Elsewhere")
    analyst = member(scn.program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=analyst, network=scn.network)
    client = client_for(analyst)
    default = client.get("/reports/network/sharp/" + Q1_QUERY).context["result"]
    assert default.scope == "Network: Metro network"
    refused = client.get(f"/reports/network/sharp/{Q1_QUERY}&network={other_network.pk}")
    assert refused.context["result"] is None
    assert client.get("/reports/network/").status_code == 200


def test_pages_render_in_spanish(scn, client_for):
    from waypoint.accounts.models import User

    User.objects.filter(pk=scn.admin.pk).update(language="es")
    client = client_for(scn.admin)
    for url in ("/reports/", "/reports/dashboard/", "/reports/maryland/" + Q1_QUERY):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="es">' in response.content.decode()


def test_a_viewer_chooses_only_whole_past_quarters_and_years_of_the_whole_program(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    page = client.get("/reports/utah/?start=2025-01-01&end=2025-02-14")
    assert page.context["result"] is None
    assert "whole past quarters and calendar years" in page.content.decode()
    # Today's quarter is not over: it is not offered either.
    today = dt.date.today()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    current = client.get(f"/reports/utah/?start={quarter_start}&end={quarter_start}")
    assert current.context["result"] is None
    # No site to choose: the figures are the whole program's.
    site = client.get(f"/reports/utah/{Q1_QUERY}&site={scn.s2.pk}").context["result"]
    assert site.scope == "Riverside"
    chosen = client.get("/reports/utah/?period=2025-q1").context["result"]
    assert (chosen.start, chosen.end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def test_a_network_total_with_a_small_program_is_hidden_but_the_big_programs_stay(db, client_for):
    network, a, b = _shared_network()
    small = ProgramFactory(network=network, name="Tiny")
    visit(small, SiteFactory(program=small), at(2, 1))
    analyst = member(a, Role.VIEWER)
    NetworkAnalyst.objects.create(user=analyst, network=network)
    result = client_for(analyst).get("/reports/network/network/" + Q1_QUERY).context["result"]
    by_program = next(t for t in result.tables() if t.title == "Programs")
    visits = {r.label: r.cells[0].value for r in by_program.rows}
    # North and South stay; Tiny's one visit is hidden, and so is the total it is part of.
    assert visits["North"] > 10 and visits["South"] > 10
    assert visits["Tiny"] is None and visits["Total"] is None
    totals = {r.label: r.cells[0] for t in result.tables() for r in t.rows}
    assert totals["Visits"].suppressed


def test_a_link_with_dates_of_a_quarter_shows_that_quarter_in_the_list(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    form = client.get("/reports/utah/" + Q1_QUERY).context["form"]
    assert form["period"].value() == "2025-q1"
