"""The current site: remembered per member across sign-ins, set by the header's switch
and by a visit saved at a site, never changed silently when it closes."""

from __future__ import annotations

from django.test import Client

from tests.encounters.helpers import visit
from tests.factories import PASSWORD, MembershipFactory, SiteFactory
from waypoint.core.models import Membership, Role, Site


def _sign_in(user) -> Client:
    """A new browser session through the login form, as after signing out."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_the_chosen_site_survives_signing_out_and_in(world):
    van = SiteFactory(program=world.program, name="Zeta van")  # not first by name
    client = _sign_in(world.member)
    assert client.get("/").context["current_site"] == world.site
    client.post("/switch/", {"site": van.pk})
    client.post("/accounts/logout/")
    again = _sign_in(world.member)
    assert again.get("/").context["current_site"] == van
    assert Membership.unscoped.get(user=world.member).last_site == van


def test_each_program_remembers_its_own_site(world):
    MembershipFactory(user=world.member, program=world.other_program, role=Role.STAFF)
    second_b = SiteFactory(program=world.other_program, name="Zeta B")
    van = SiteFactory(program=world.program, name="Zeta A")
    client = _sign_in(world.member)
    client.post("/switch/", {"site": van.pk})
    client.post("/switch/", {"program": world.other_program.pk})
    client.post("/switch/", {"site": second_b.pk})
    client.post("/switch/", {"program": world.program.pk})
    assert client.get("/").context["current_site"] == van
    client.post("/switch/", {"program": world.other_program.pk})
    assert client.get("/").context["current_site"] == second_b


def test_a_closed_site_is_replaced_with_a_message_and_stays_remembered(world):
    van = SiteFactory(program=world.program, name="Zeta van")
    client = _sign_in(world.member)
    client.post("/switch/", {"site": van.pk})
    client.post("/accounts/logout/")
    Site.unscoped.filter(pk=van.pk).update(is_active=False)

    client = _sign_in(world.member)
    response = client.get("/")
    assert response.context["current_site"] == world.site
    text = response.content.decode()
    assert "Zeta van is no longer an active site, so you are now working at Site A." in text
    # Said once, not on every page; the member's own choice is not overwritten.
    assert "no longer an active site" not in client.get("/").content.decode()
    assert Membership.unscoped.get(user=world.member).last_site == van


def test_a_site_closed_during_the_session_is_replaced_with_a_message(world):
    van = SiteFactory(program=world.program, name="Zeta van")
    client = _sign_in(world.member)
    client.post("/switch/", {"site": van.pk})
    Site.unscoped.filter(pk=van.pk).update(is_active=False)
    response = client.get("/")
    assert response.context["current_site"] == world.site
    assert "no longer an active site" in response.content.decode()


def test_a_visit_saved_at_another_site_makes_it_the_current_site(world):
    from tests.encounters.helpers import catalog
    from waypoint.core.scoping import program_scope

    with program_scope(world.program):
        kit = catalog(world.program)["kit"]
    van = SiteFactory(program=world.program, name="Zeta van")
    client = _sign_in(world.member)
    window = client.get("/window/?anonymous=1").content.decode()
    assert 'data-testid="window-site"' in window and 'data-testid="save-site"' in window
    data = visit(van)
    response = client.post(
        "/window/save/",
        {
            "client_uuid": str(data.client_uuid),
            "site": van.pk,
            "modality": "fixed",
            f"item-{kit.pk}": 1,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Now working at Zeta van." in response.content.decode()
    assert response.context["current_site"] == van
    client.post("/accounts/logout/")
    assert _sign_in(world.member).get("/").context["current_site"] == van
