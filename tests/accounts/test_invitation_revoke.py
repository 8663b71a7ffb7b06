from django.urls import reverse

from tests.factories import member
from waypoint.accounts.models import Invitation
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role


def _url(invitation) -> str:
    return reverse("accounts:invitation_revoke", args=[invitation.pk])


def test_a_revoked_link_stops_working(world, client, client_for, make_invitation):
    invitation, raw = make_invitation(world.program)
    response = client_for(world.owner).post(_url(invitation), follow=True)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "its link no longer works" in response.content.decode()
    assert AuditEvent.unscoped.filter(action="membership.invite_revoke", actor=world.owner).exists()
    accept = client.get(reverse("accounts:accept_invitation", args=[raw]))
    assert accept.status_code == 410
    assert "The program withdrew it." in accept.content.decode()


def test_revoking_twice_says_so(world, client_for, make_invitation):
    invitation, _raw = make_invitation(world.program)
    client = client_for(world.owner)
    client.post(_url(invitation))
    response = client.post(_url(invitation), follow=True)
    assert "already withdrawn" in response.content.decode()
    assert AuditEvent.unscoped.filter(action="membership.invite_revoke").count() == 1


def test_it_denies_other_program(world, client_for, make_invitation):
    invitation, _raw = make_invitation(world.program)
    assert client_for(world.outsider).post(_url(invitation)).status_code == 404
    assert Invitation.unscoped.get(pk=invitation.pk).revoked_at is None


def test_it_refuses_roles_below_admin(world, client_for, make_invitation):
    invitation, _raw = make_invitation(world.program)
    assert (
        client_for(member(world.program, Role.COORDINATOR)).post(_url(invitation)).status_code
        == 403
    )
    assert Invitation.unscoped.get(pk=invitation.pk).revoked_at is None
