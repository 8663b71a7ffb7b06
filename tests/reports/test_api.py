"""Reports API: templates and computed reports, suppressed below coordinator."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.encounters.helpers import device
from tests.factories import bearer, member
from waypoint.core.models import Role

URL = "/api/v1/reports/report"
Q1 = {"start": "2025-01-01", "end": "2025-03-31"}


def first_figure(data, label):
    for section in data["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                if row["label"] == label:
                    return row["cells"][0]
    raise AssertionError(label)


def test_templates_are_listed_for_viewers(scn, client_for):
    response = client_for(member(scn.program, Role.VIEWER)).get("/api/v1/reports/templates")
    assert response.status_code == 200
    keys = [t["key"] for t in response.json()]
    assert "california" in keys and "network" not in keys


@pytest.mark.parametrize("role,suppressed", [(Role.VIEWER, True), (Role.COORDINATOR, False)])
def test_reports_are_suppressed_below_coordinator(scn, client_for, role, suppressed):
    client = client_for(member(scn.program, role))
    data = client.get(URL, {"key": "california", **Q1}).json()
    assert data["suppressed"] is suppressed
    visits = first_figure(data, "Total visits")
    assert visits == (
        {"value": None, "unit": "visits", "suppressed": True, "note": "", "text": "suppressed"}
        if suppressed
        else {"value": 6, "unit": "visits", "suppressed": False, "note": "", "text": "6"}
    )
    published = client.get(URL, {"key": "california", "published": "true", **Q1}).json()
    assert published["suppressed"] is True


def test_a_device_gets_suppressed_figures(scn):
    raw, _token = device(scn.program, "staff")
    data = Client().get(URL, {"key": "utah", **Q1}, **bearer(raw)).json()
    assert data["suppressed"] is True


def test_refusals(scn, client_for):
    client = client_for(scn.admin)
    assert client.get(URL, {"key": "nope"}).status_code == 404
    assert client.get(URL, {"key": "network"}).status_code == 404
    assert client.get(URL, {"key": "utah", "site_id": scn.other_site.pk}).status_code == 404
    bad = client.get(URL, {"key": "utah", "start": "2025-03-01", "end": "2025-01-01"})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "The start date must be on or before the end date."
    assert client.get(URL, {"key": "utah", "start": "soon"}).status_code == 422
    site = client.get(URL, {"key": "utah", "site_id": scn.s2.pk, **Q1}).json()
    assert site["scope"] == "Riverside, site Van"


def test_suppressed_figures_are_for_whole_past_quarters_and_years_of_the_program(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    month = client.get(URL, {"key": "utah", "start": "2025-01-01", "end": "2025-01-31"})
    assert month.status_code == 400
    assert "whole past quarters and calendar years" in month.json()["detail"]
    site = client.get(URL, {"key": "utah", "site_id": scn.s2.pk, **Q1})
    assert site.status_code == 400 and "single site" in site.json()["detail"]
    year = client.get(URL, {"key": "utah", "start": "2025-01-01", "end": "2025-12-31"})
    assert year.status_code == 200 and year.json()["suppressed"] is True
    # A coordinator asking for the version for publication gets the same limits.
    coordinator = client_for(member(scn.program, Role.COORDINATOR))
    published = {"key": "utah", "published": "true", "start": "2025-01-01", "end": "2025-01-31"}
    assert coordinator.get(URL, published).status_code == 400
