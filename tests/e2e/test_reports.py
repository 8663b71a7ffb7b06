"""Reports in a real browser: a viewer sees suppressed aggregates only and no
participant-level page, the dashboard's SVG charts render, a network analyst reads a
network report, an admin publishes the community page and a visitor with no account
reads it on a phone in Spanish, and every page passes axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, enrol_totp, member
from tests.reports.scenario import build, participant, visit
from waypoint.core.models import NetworkAnalyst, Role
from waypoint.reports.period import Period

from .helpers import assert_accessible, fresh_totp_code, nav_labels, sign_in

pytestmark = pytest.mark.browser


def _choose_q1(page) -> None:
    """Viewers and analysts choose among whole past quarters and years."""
    page.get_by_role("combobox", name="Period").select_option(label="Q1 2025")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("report-period")).to_contain_text("2025-01-01")


def test_a_viewer_sees_suppressed_aggregates_and_charts_only(page):
    scn = build()
    viewer = member(scn.program, Role.VIEWER)
    sign_in(page, viewer.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today at Riverside")
    labels = nav_labels(page)
    assert "Reports" in labels
    assert not {"Window", "Participants", "Surveys", "Catalog"} & set(labels)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)

    page.get_by_test_id("dashboard-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    _choose_q1(page)
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(4)
    chart = page.get_by_role("img", name="Visits per quarter")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    expect(page.locator("#timeline-table")).to_be_visible()
    expect(page.get_by_test_id("suppression-note")).to_be_visible()
    expect(page.get_by_test_id("exact-banner")).to_have_count(0)
    assert_accessible(page)

    page.goto("/reports/")
    page.get_by_role("link", name="SSP indicators (SHaRP)").click()
    _choose_q1(page)
    visits = page.get_by_role("row", name=re.compile("Total participant visits"))
    expect(visits.get_by_test_id("suppressed")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Syringes distributed 80"))).to_be_visible()
    page.get_by_text("How it is counted").first.click()
    assert_accessible(page)

    for path in ("/participants/", f"/visits/{scn.visits['v1'].pk}/", "/window/"):
        response = page.goto(path)
        assert response is not None and response.status == 403, path
    assert_accessible(page)


def test_a_network_analyst_reads_a_network_report(page):
    scn = build()
    analyst = member(scn.program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=analyst, network=scn.network)
    sign_in(page, analyst.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Network reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network reports")
    assert_accessible(page)
    page.get_by_role("link", name="Network summary").click()
    _choose_q1(page)
    expect(page.get_by_test_id("report-scope")).to_have_text("Network: Metro network")
    expect(page.get_by_test_id("suppression-note")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Programs"))).to_be_visible()
    assert "AAA1" not in page.content() and "ZZZ1" not in page.content()
    assert_accessible(page)

    page.goto("/reports/network/")
    page.get_by_test_id("network-settings-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network report settings")
    page.get_by_label("people who inject drugs in the area served").fill("4")
    page.get_by_label("area the estimate covers").fill("Metro county")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Network report settings saved.")
    assert_accessible(page)
    page.goto("/reports/network/network/?start=2025-01-01&end=2025-03-31")
    coverage = page.get_by_role("row", name=re.compile("per person who injects drugs per year"))
    expect(coverage).to_contain_text("111.5")


def test_an_admin_publishes_the_community_page_and_anyone_reads_it(page, browser, live_server):
    scn = build()
    quarter = Period.last_full_quarter(timezone.localdate())
    when = timezone.make_aware(
        dt.datetime.combine(quarter.start + dt.timedelta(days=20), dt.time(11))
    )
    for n in range(14):
        person = participant(scn.program, f"PUB{n:02d}", when)
        visit(
            scn.program,
            scn.s1,
            when + dt.timedelta(hours=n),
            person=person,
            given={scn.items["kit"]: 1, **({scn.items["naloxone"]: 1} if n < 2 else {})},
        )
    admin = member(scn.program, Role.ADMIN, mfa=False)
    secret = enrol_totp(admin)
    sign_in(page, admin.email, PASSWORD)
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.goto("/reports/settings/")
    page.get_by_label("publish a community page").check()
    page.get_by_label("message on the community page").fill(
        "Gracias a todas las personas que nos visitan."
    )
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_test_id("community-link")).to_be_visible()
    assert_accessible(page)
    url = page.get_by_test_id("community-link").get_by_role("link").get_attribute("href")

    phone = browser.new_context(
        base_url=live_server.url, locale="es-ES", viewport={"width": 360, "height": 740}
    )
    try:
        visitor = phone.new_page()
        response = visitor.goto(url)
        assert response is not None and response.status == 200
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Riverside en cifras")
        expect(visitor.get_by_test_id("community-message")).to_contain_text("Gracias")
        chart = visitor.get_by_role("img", name="Visitas y personas atendidas, por trimestre")
        expect(chart).to_be_visible()
        table = visitor.locator("#community-table")
        expect(table.get_by_role("row", name=re.compile("Visitas .*14"))).to_be_visible()
        naloxone = table.get_by_role("row", name=re.compile("Kits de naloxona"))
        expect(naloxone.get_by_test_id("suppressed").last).to_be_visible()
        assert "PUB00" not in visitor.content()
        assert visitor.get_by_test_id("sign-out").count() == 0
        assert_accessible(visitor)
    finally:
        phone.close()
