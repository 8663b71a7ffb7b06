import pytest
from django.urls import reverse

from tests.factories import member
from waypoint.accounts.models import DeviceToken, hash_token
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role

URL = reverse("accounts:devices")
CREATE = reverse("accounts:device_create")


def test_it_lists_the_programs_devices(world, client_for, make_device):
    active, _raw = make_device(world.program, "Van 2 tablet")
    revoked, _raw = make_device(world.program, "Lost phone")
    DeviceToken.unscoped.filter(pk=revoked.pk).update(revoked_at="2026-01-05T10:00:00Z")
    make_device(world.other_program, "Elsewhere kiosk")

    response = client_for(world.owner).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Van 2 tablet" in page
    assert active.prefix in page
    assert "Lost phone" in page and "revoked" in page
    assert "Elsewhere kiosk" not in page


def test_it_creates_a_token_shown_only_once(world, client_for):
    client = client_for(world.owner)
    response = client.post(CREATE, {"name": "Van 2 tablet", "role": "peer"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["token"]
    assert f'value="{raw}"' in response.content.decode()
    device = DeviceToken.unscoped.get(program=world.program)
    assert (device.name, device.role, device.created_by) == ("Van 2 tablet", Role.PEER, world.owner)
    assert device.token_hash == hash_token(raw)
    assert device.prefix == raw[:8] and len(device.prefix) == 8
    assert raw not in device.token_hash

    listing = client.get(URL).content.decode()
    assert raw not in listing
    assert device.prefix in listing

    event = AuditEvent.unscoped.get(action="device.create")
    assert event.actor == world.owner
    assert event.program == world.program
    assert raw not in str(event.extra)


def test_the_new_token_works_on_the_api(world, client, client_for):
    raw = client_for(world.owner).post(CREATE, {"name": "Kiosk", "role": "staff"}).context["token"]
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["program_id"] == world.program.pk
    assert response.json()["role"] == "staff"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"name": "", "role": "staff"}, "This field is required."),
        ({"name": "   ", "role": "staff"}, "This field is required."),
        ({"name": "Kiosk", "role": "admin"}, "Select a valid choice"),
        ({"name": "x" * 121, "role": "staff"}, "at most 120 characters"),
    ],
)
def test_bad_input_changes_nothing(world, client_for, data, message):
    response = client_for(world.owner).post(CREATE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DeviceToken.unscoped.exists()
    assert not AuditEvent.unscoped.filter(action="device.create").exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF, Role.PEER, Role.VIEWER])
def test_it_refuses_roles_below_admin(world, client_for, role):
    client = client_for(member(world.program, role))
    assert client.get(URL).status_code == 403
    assert client.post(CREATE, {"name": "Mine", "role": "staff"}).status_code == 403
    assert not DeviceToken.unscoped.exists()
