"""The program's sites and closures over the API."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import bearer
from waypoint.core.models import Role, SiteClosure

from ..factories import SiteFactory, SiteHoursFactory, member


def test_site_list_describes_each_site(world, device_token):
    SiteHoursFactory(site=world.site, weekday=0, opens=dt.time(10), closes=dt.time(16))
    SiteHoursFactory(site=world.site, weekday=2, opens=dt.time(9), closes=dt.time(11, 30))
    SiteFactory(program=world.program, name="Annex", is_active=False)
    raw, _ = device_token(world.program, Role.PEER)

    response = Client().get("/api/v1/sites", **bearer(raw))

    assert response.status_code == 200
    sites = response.json()
    assert [site["name"] for site in sites] == ["Annex", "Site A"]
    site_a = sites[1]
    assert site_a == {
        "id": world.site.pk,
        "name": "Site A",
        "kind": "fixed",
        "city": "Cincinnati",
        "is_active": True,
        "is_public": world.site.is_public,
        "services": ["syringes", "naloxone"],
        "modalities": ["fixed"],
        "hours_per_week": 8.5,
    }
    assert sites[0]["is_active"] is False


def test_site_list_queries_do_not_grow_with_sites(world, device_token, django_assert_num_queries):
    raw, _ = device_token(world.program)
    client = Client()
    client.get("/api/v1/me", **bearer(raw))  # the token's last-used stamp is written once

    with CaptureQueriesContext(connection) as one_site:
        client.get("/api/v1/sites", **bearer(raw))
    for n in range(5):
        site = SiteFactory(program=world.program, name=f"Extra {n}")
        SiteHoursFactory(site=site)
    with django_assert_num_queries(len(one_site.captured_queries)):
        response = client.get("/api/v1/sites", **bearer(raw))
    assert len(response.json()) == 6


def test_one_site(world, device_token):
    raw, _ = device_token(world.program, Role.PEER)
    response = Client().get(f"/api/v1/sites/{world.site.pk}", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["name"] == "Site A"


def test_unknown_site_is_404(world, device_token):
    raw, _ = device_token(world.program)
    for site_id in (world.other_site.pk + 1000, 2**63 + 1):
        response = Client().get(f"/api/v1/sites/{site_id}", **bearer(raw))
        assert response.status_code == 404, site_id
        assert response.json() == {"detail": "Not Found"}


def test_closures_lists_upcoming_ones_in_date_order(world, device_token):
    today = timezone.localdate()
    for days, reason in ((30, "Training"), (-1, "Yesterday"), (0, "Today"), (2, "Weather")):
        SiteClosure.unscoped.create(
            site=world.site, date=today + dt.timedelta(days=days), reason=reason
        )
    SiteClosure.unscoped.create(site=world.other_site, date=today, reason="Other program")
    raw, _ = device_token(world.program, Role.STAFF)

    response = Client().get(f"/api/v1/sites/{world.site.pk}/closures", **bearer(raw))

    assert response.status_code == 200
    assert [(c["date"], c["reason"]) for c in response.json()] == [
        (today.isoformat(), "Today"),
        ((today + dt.timedelta(days=2)).isoformat(), "Weather"),
        ((today + dt.timedelta(days=30)).isoformat(), "Training"),
    ]


def test_adding_a_closure_twice_keeps_one_closure_with_the_new_reason(world, client_for):
    client = client_for(member(world.program, Role.COORDINATOR))
    path = f"/api/v1/sites/{world.site.pk}/closures"
    first = client.post(
        path, {"date": "2031-01-01", "reason": "Holiday"}, content_type="application/json"
    )
    second = client.post(
        path, {"date": "2031-01-01", "reason": "Snow"}, content_type="application/json"
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    closures = SiteClosure.unscoped.filter(site=world.site)
    assert [(c.date, c.reason) for c in closures] == [(dt.date(2031, 1, 1), "Snow")]


def test_closure_for_another_programs_site_is_404_and_not_saved(world, client_for):
    client = client_for(member(world.program, Role.COORDINATOR))
    response = client.post(
        f"/api/v1/sites/{world.other_site.pk}/closures",
        {"date": "2031-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not SiteClosure.unscoped.exists()


def test_closure_reason_is_validated(world, client_for):
    client = client_for(member(world.program, Role.COORDINATOR))
    path = f"/api/v1/sites/{world.site.pk}/closures"
    for body in (
        {"date": "2031-01-01", "reason": "x" * 201},
        {"date": "2031-01-01", "reason": "nul\x00byte"},
        {"date": "not a date"},
        {},
    ):
        response = client.post(path, body, content_type="application/json")
        assert response.status_code == 422, body
    assert not SiteClosure.unscoped.exists()
