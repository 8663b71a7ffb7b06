"""Reports in a real browser: a viewer sees suppressed aggregates only and no
participant-level page, the dashboard's SVG charts render, a network analyst reads a
network report, and every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, member
from tests.reports.scenario import build
from waypoint.core.models import NetworkAnalyst, Role

from .helpers import assert_accessible, nav_labels, sign_in

pytestmark = pytest.mark.browser


def _choose_q1(page) -> None:
    page.get_by_label("From").fill("2025-01-01")
    page.get_by_label("To (included)").fill("2025-03-31")
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
    chart = page.get_by_role("img", name="Visits per week")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    expect(page.locator("#weekly-table")).to_be_visible()
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
