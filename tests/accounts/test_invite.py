import datetime as dt
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import member
from waypoint.accounts.models import Invitation, hash_token
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role

URL = reverse("accounts:invite")


def _link_token(body: str) -> str:
    match = re.search(r"/invite/([\w-]+)/", body)
    assert match, body
    return match.group(1)


def test_it_creates_an_invitation_and_emails_the_link(world, client_for, settings):
    settings.INVITATION_DAYS = 3
    response = client_for(world.owner).post(
        URL, {"email": " New.Person@Example.org ", "role": "peer"}
    )

    assert response.status_code == 302
    invitation = Invitation.unscoped.get(program=world.program)
    assert invitation.email == "new.person@example.org"
    assert invitation.role == Role.PEER
    assert invitation.invited_by == world.owner
    assert abs(invitation.expires_at - (timezone.now() + dt.timedelta(days=3))) < dt.timedelta(
        minutes=1
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Program A" in message.subject
    token = _link_token(message.body)
    assert message.body.count(settings.SITE_URL + f"/invite/{token}/") == 1
    # Only the hash is stored.
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash


def test_it_is_audited(world, client_for):
    client_for(world.owner).post(URL, {"email": "someone@example.org", "role": "staff"})
    event = AuditEvent.unscoped.get(action="membership.invite")
    assert event.actor == world.owner
    assert event.program == world.program
    assert event.extra["role"] == "staff"


def test_it_tells_the_admin_when_it_worked(world, client_for):
    response = client_for(world.owner).post(
        URL, {"email": "someone@example.org", "role": "staff"}, follow=True
    )
    assert "Invitation sent to someone@example.org" in response.content.decode()


def test_it_rejects_a_bad_email_and_changes_nothing(world, client_for):
    response = client_for(world.owner).post(URL, {"email": "not an address", "role": "staff"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.unscoped.exists()
    assert not mail.outbox


def test_it_rejects_an_unknown_role(world, client_for):
    response = client_for(world.owner).post(URL, {"email": "someone@example.org", "role": "owner"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.unscoped.exists()


def test_it_refuses_someone_already_in_the_program(world, client_for):
    response = client_for(world.owner).post(
        URL, {"email": world.member.email.upper(), "role": "staff"}
    )
    assert response.status_code == 400
    assert "is already a member of this program" in response.content.decode()
    assert not Invitation.unscoped.exists()
    assert not mail.outbox


def test_it_invites_a_member_of_another_program(world, client_for):
    response = client_for(world.owner).post(URL, {"email": world.outsider.email, "role": "viewer"})
    assert response.status_code == 302
    assert Invitation.unscoped.get(program=world.program).email == world.outsider.email


def test_a_new_invitation_replaces_the_open_one(world, client_for, make_invitation):
    old, _raw = make_invitation(world.program, "someone@example.org")
    client_for(world.owner).post(URL, {"email": "someone@example.org", "role": "coordinator"})
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert Invitation.unscoped.filter(revoked_at__isnull=True).get().role == Role.COORDINATOR


def test_it_shows_the_link_once_when_the_email_fails(world, client_for, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.EmailBackend"
    response = client_for(world.owner).post(URL, {"email": "someone@example.org", "role": "staff"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "the email was not sent" in page
    token = _link_token(page)
    assert Invitation.unscoped.get().token_hash == hash_token(token)
    assert "no-store" in response["Cache-Control"]


def test_it_refuses_roles_below_admin(world, client_for):
    coordinator = member(world.program, Role.COORDINATOR)
    response = client_for(coordinator).post(URL, {"email": "someone@example.org", "role": "admin"})
    assert response.status_code == 403
    assert not Invitation.unscoped.exists()


def test_it_rejects_get(world, client_for):
    assert client_for(world.owner).get(URL).status_code == 405
