from django.urls import reverse

from tests.factories import PASSWORD, enrol_totp, member
from waypoint.core.models import Role


def test_an_admin_without_mfa_is_sent_to_enrolment(world, client_for):
    admin = member(world.program, Role.ADMIN, mfa=False)
    client = client_for(admin)
    for url in (reverse("today:home"), reverse("accounts:team"), reverse("accounts:devices")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_after_signing_in_the_admin_lands_on_enrolment(world, client):
    admin = member(world.program, Role.ADMIN, mfa=False)
    response = client.post(
        reverse("account_login"), {"login": admin.email, "password": PASSWORD}, follow=True
    )
    chain = [url for url, _status in response.redirect_chain]
    assert reverse("mfa_activate_totp") in chain
    assert "Set up an authenticator app" in response.content.decode()
    # allauth asks for the password once more before adding a second factor.
    if response.request["PATH_INFO"] == reverse("account_reauthenticate"):
        response = client.post(chain[-1], {"password": PASSWORD}, follow=True)
    assert response.request["PATH_INFO"] == reverse("mfa_activate_totp")
    assert response.status_code == 200


def test_a_coordinator_without_mfa_is_sent_to_enrolment(world, client_for):
    coordinator = member(world.program, Role.COORDINATOR, mfa=False)
    response = client_for(coordinator).get(reverse("today:home"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_once_enrolled_the_admin_goes_on(world, client_for):
    admin = member(world.program, Role.ADMIN, mfa=False)
    enrol_totp(admin)
    assert client_for(admin).get(reverse("accounts:team")).status_code == 200


def test_staff_do_not_need_mfa(world, client_for):
    assert client_for(world.member).get(reverse("today:home")).status_code == 200
