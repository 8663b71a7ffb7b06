from django.urls import reverse

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Membership, Role


def _membership(program, user) -> Membership:
    return Membership.unscoped.get(program=program, user=user)


def _url(name, membership) -> str:
    return reverse(f"accounts:member_{name}", args=[membership.pk])


def test_a_deactivated_member_loses_access(world, client_for):
    target = _membership(world.program, world.member)
    staff_client = client_for(world.member)
    assert staff_client.get(reverse("sites:list")).status_code == 200

    response = client_for(world.owner).post(_url("deactivate", target), follow=True)

    target.refresh_from_db()
    assert not target.is_active
    assert "can no longer use this program" in response.content.decode()
    assert staff_client.get(reverse("sites:list")).status_code == 403
    event = AuditEvent.unscoped.get(action="membership.deactivate")
    assert event.actor == world.owner
    assert event.object_id == str(target.pk)


def test_a_reactivated_member_gets_access_back(world, client_for):
    target = _membership(world.program, world.member)
    Membership.unscoped.filter(pk=target.pk).update(is_active=False)

    client_for(world.owner).post(_url("reactivate", target))

    target.refresh_from_db()
    assert target.is_active
    assert client_for(world.member).get(reverse("sites:list")).status_code == 200
    assert AuditEvent.unscoped.filter(action="membership.reactivate", actor=world.owner).exists()


def test_the_last_admin_cannot_deactivate_themselves(world, client_for):
    own = _membership(world.program, world.owner)
    response = client_for(world.owner).post(_url("deactivate", own), follow=True)
    own.refresh_from_db()
    assert own.is_active
    assert "You are the only active admin of this program" in response.content.decode()
    assert not AuditEvent.unscoped.filter(action="membership.deactivate").exists()


def test_an_admin_can_leave_when_another_admin_remains(world, client_for):
    member(world.program, Role.ADMIN)
    own = _membership(world.program, world.owner)
    response = client_for(world.owner).post(_url("deactivate", own))
    own.refresh_from_db()
    assert not own.is_active
    assert response["Location"] == reverse("today:home")


def test_it_denies_other_program(world, client_for):
    target = _membership(world.program, world.member)
    for action in ("deactivate", "reactivate"):
        assert client_for(world.outsider).post(_url(action, target)).status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_it_refuses_roles_below_admin(world, client_for):
    coordinator = member(world.program, Role.COORDINATOR)
    target = _membership(world.program, world.member)
    assert client_for(coordinator).post(_url("deactivate", target)).status_code == 403
    target.refresh_from_db()
    assert target.is_active
