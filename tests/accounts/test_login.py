from django.urls import reverse

from tests.factories import PASSWORD
from waypoint.audit.models import AuditEvent

LOGIN = reverse("account_login")


def _sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_successful_sign_in_is_audited(world, client):
    response = _sign_in(client, world.member.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("today:home")).status_code == 200
    event = AuditEvent.unscoped.get(action="auth.login")
    assert event.actor == world.member


def test_a_wrong_password_is_refused_and_audited(world, client):
    response = _sign_in(client, world.member.email, "not the password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    event = AuditEvent.unscoped.get(action="auth.login_failed")
    assert event.actor is None
    assert event.extra == {"email": world.member.email}
    assert not AuditEvent.unscoped.filter(action="auth.login").exists()


def test_five_failures_lock_the_account_for_a_while(world, client, settings):
    assert settings.LOGIN_LOCKOUT_ATTEMPTS == 5
    for _ in range(5):
        assert _sign_in(client, world.member.email, "not the password").status_code == 200

    response = _sign_in(client, world.member.email, PASSWORD)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("today:home")).status_code == 302
    assert AuditEvent.unscoped.filter(action="auth.login_failed").count() == 5
    locked = AuditEvent.unscoped.get(action="auth.locked_out")
    assert locked.extra == {"email": world.member.email}
    assert not AuditEvent.unscoped.filter(action="auth.login").exists()


def test_the_lockout_is_per_account(world, client):
    for _ in range(5):
        _sign_in(client, world.member.email, "not the password")
    response = _sign_in(client, world.outsider.email, PASSWORD)
    assert response.status_code == 302


def test_the_sign_in_page_links_to_password_reset(db, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert f'href="{reverse("account_reset_password")}"' in response.content.decode()
