from django.urls import reverse

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Membership, Role


def _membership(program, user) -> Membership:
    return Membership.unscoped.get(program=program, user=user)


def _url(membership) -> str:
    return reverse("accounts:member_role", args=[membership.pk])


def test_it_changes_a_role_and_audits_it(world, client_for):
    target = _membership(world.program, world.member)
    response = client_for(world.owner).post(_url(target), {"role": "coordinator"}, follow=True)

    target.refresh_from_db()
    assert target.role == Role.COORDINATOR
    assert "now has the role: Coordinator" in response.content.decode()
    event = AuditEvent.unscoped.get(action="membership.role_change")
    assert event.actor == world.owner
    assert event.program == world.program
    assert event.extra == {"user": world.member.pk, "from": "staff", "to": "coordinator"}


def test_it_rejects_an_unknown_role_and_changes_nothing(world, client_for):
    target = _membership(world.program, world.member)
    response = client_for(world.owner).post(_url(target), {"role": "superuser"}, follow=True)
    target.refresh_from_db()
    assert target.role == Role.STAFF
    assert "Nothing was changed" in response.content.decode()
    assert not AuditEvent.unscoped.filter(action="membership.role_change").exists()


def test_the_last_admin_cannot_demote_themselves(world, client_for):
    own = _membership(world.program, world.owner)
    response = client_for(world.owner).post(_url(own), {"role": "staff"}, follow=True)
    own.refresh_from_db()
    assert own.role == Role.ADMIN
    assert "You are the only active admin of this program" in response.content.decode()


def test_an_admin_can_step_down_when_another_admin_remains(world, client_for):
    member(world.program, Role.ADMIN)
    own = _membership(world.program, world.owner)
    response = client_for(world.owner).post(_url(own), {"role": "staff"})
    own.refresh_from_db()
    assert own.role == Role.STAFF
    assert response["Location"] == reverse("today:home")


def test_a_deactivated_admin_does_not_count_as_the_remaining_admin(world, client_for):
    other_admin = member(world.program, Role.ADMIN)
    Membership.unscoped.filter(user=other_admin).update(is_active=False)
    own = _membership(world.program, world.owner)
    client_for(world.owner).post(_url(own), {"role": "coordinator"})
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_it_denies_other_program(world, client_for):
    target = _membership(world.program, world.member)
    response = client_for(world.outsider).post(_url(target), {"role": "admin"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.role == Role.STAFF


def test_it_refuses_roles_below_admin(world, client_for):
    coordinator = member(world.program, Role.COORDINATOR)
    response = client_for(coordinator).post(
        _url(_membership(world.program, coordinator)), {"role": "admin"}
    )
    assert response.status_code == 403
    assert _membership(world.program, coordinator).role == Role.COORDINATOR


def test_it_rejects_get(world, client_for):
    assert (
        client_for(world.owner).get(_url(_membership(world.program, world.member))).status_code
        == 405
    )
