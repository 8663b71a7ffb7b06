import datetime as dt
from decimal import Decimal

import pytest

from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role, Site, SiteClosure, SiteHours
from waypoint.core.scoping import scopes_disabled

from ..factories import SiteHoursFactory, member


@pytest.fixture
def coordinator(world):
    return member(world.program, Role.COORDINATOR)


def test_coordinator_creates_a_site_placed_at_its_zip(world, client_for, coordinator):
    response = client_for(coordinator).post(
        "/sites/new/",
        {
            "name": "New window",
            "kind": "window",
            "city": "Cincinnati",
            "state": "oh",
            "zip_code": "45202",
            "services": ["syringes", "naloxone"],
            "modalities": ["window"],
            "is_public": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        site = Site.objects.get(name="New window")
        assert site.program == world.program
        assert site.state == "OH"
        assert site.latitude == Decimal("39.1072") and site.longitude == Decimal("-84.502")
        assert site.services == ["syringes", "naloxone"]
        assert AuditEvent.objects.filter(action="site.create", object_id=str(site.pk)).exists()


def test_bad_zip_is_refused_and_nothing_is_saved(world, client_for, coordinator):
    response = client_for(coordinator).post(
        "/sites/new/", {"name": "Nowhere", "kind": "fixed", "zip_code": "4520"}
    )
    assert response.status_code == 200
    assert "Enter a 5-digit ZIP code" in response.content.decode()
    with scopes_disabled():
        assert not Site.objects.filter(name="Nowhere").exists()


def test_staff_cannot_edit_a_site(world, client_for):
    response = client_for(world.member).post(f"/sites/{world.site.pk}/edit/", {"name": "Renamed"})
    assert response.status_code == 403
    with scopes_disabled():
        assert Site.objects.get(pk=world.site.pk).name == "Site A"


def test_hours_are_added_and_counted_per_week(world, client_for, coordinator):
    client = client_for(coordinator)
    for day in (0, 2):
        client.post(
            f"/sites/{world.site.pk}/hours/",
            {"hours-weekday": day, "hours-opens": "10:00", "hours-closes": "16:30"},
        )
    with scopes_disabled():
        assert Site.objects.get(pk=world.site.pk).hours_per_week() == 13.0


def test_closing_before_opening_is_refused(world, client_for, coordinator):
    response = client_for(coordinator).post(
        f"/sites/{world.site.pk}/hours/",
        {"hours-weekday": 1, "hours-opens": "16:00", "hours-closes": "09:00"},
        follow=True,
    )
    assert "Closing time must be after opening time." in response.content.decode()
    with scopes_disabled():
        assert not SiteHours.objects.filter(site=world.site).exists()


def test_hours_of_another_site_cannot_be_removed_through_this_one(world, client_for, coordinator):
    other_site_hours = SiteHoursFactory(site=world.other_site)
    response = client_for(coordinator).post(
        f"/sites/{world.site.pk}/hours/{other_site_hours.pk}/remove/"
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert SiteHours.objects.filter(pk=other_site_hours.pk).exists()


def test_closure_is_added_and_removed(world, client_for, coordinator):
    client = client_for(coordinator)
    client.post(
        f"/sites/{world.site.pk}/closures/",
        {"closure-date": "2030-07-04", "closure-reason": "Holiday"},
    )
    with scopes_disabled():
        closure = SiteClosure.objects.get(site=world.site)
        assert closure.date == dt.date(2030, 7, 4)
        assert world.site.is_closed_on(dt.date(2030, 7, 4))
    client.post(f"/sites/{world.site.pk}/closures/{closure.pk}/remove/")
    with scopes_disabled():
        assert not SiteClosure.objects.filter(site=world.site).exists()
