import time

from django.urls import reverse

from waypoint.accounts.middleware import SESSION_LAST_SEEN


def test_an_idle_session_is_signed_out(world, client_for):
    client = client_for(world.member)
    assert client.get(reverse("sites:list")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("sites:list"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('sites:list')}"
    login_page = client.get(response["Location"])
    assert "You were signed out after a period without activity." in login_page.content.decode()
    again = client.get(reverse("sites:list"))
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("account_login"))


def test_the_sign_out_is_audited(world, client_for):
    from waypoint.audit.models import AuditEvent

    client = client_for(world.member)
    client.get(reverse("sites:list"))
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 3600
    session.save()
    client.get(reverse("sites:list"))
    assert AuditEvent.unscoped.filter(action="auth.logout", actor=world.member).exists()


def test_an_active_session_stays_open(world, client_for):
    client = client_for(world.member)
    client.get(reverse("sites:list"))
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("sites:list")).status_code == 200
