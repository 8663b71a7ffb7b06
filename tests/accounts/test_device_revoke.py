from django.urls import reverse

from tests.factories import member
from waypoint.accounts.models import DeviceToken
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role


def _url(device) -> str:
    return reverse("accounts:device_revoke", args=[device.pk])


def _api_status(client, raw: str) -> int:
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_a_revoked_token_stops_working_on_the_api(world, client, client_for, make_device):
    device, raw = make_device(world.program)
    assert _api_status(client, raw) == 200

    response = client_for(world.owner).post(_url(device), follow=True)

    assert "can no longer reach the API" in response.content.decode()
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert _api_status(client, raw) == 401
    event = AuditEvent.unscoped.get(action="device.revoke")
    assert event.actor == world.owner
    assert event.object_id == str(device.pk)


def test_revoking_twice_says_so(world, client_for, make_device):
    device, _raw = make_device(world.program)
    client = client_for(world.owner)
    client.post(_url(device))
    response = client.post(_url(device), follow=True)
    assert "already revoked" in response.content.decode()
    assert AuditEvent.unscoped.filter(action="device.revoke").count() == 1


def test_it_denies_other_program(world, client, client_for, make_device):
    device, raw = make_device(world.program)
    assert client_for(world.outsider).post(_url(device)).status_code == 404
    assert DeviceToken.unscoped.get(pk=device.pk).revoked_at is None
    assert _api_status(client, raw) == 200


def test_it_refuses_roles_below_admin(world, client_for, make_device):
    device, _raw = make_device(world.program)
    assert client_for(member(world.program, Role.COORDINATOR)).post(_url(device)).status_code == 403
    assert DeviceToken.unscoped.get(pk=device.pk).revoked_at is None


def test_it_rejects_get(world, client_for, make_device):
    device, _raw = make_device(world.program)
    assert client_for(world.owner).get(_url(device)).status_code == 405
