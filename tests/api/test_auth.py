"""Who may call the API: the signed-in session (with CSRF) or a program's device token."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from tests.factories import bearer
from waypoint.accounts.models import DeviceToken
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Program, Role, SiteClosure
from waypoint.core.scoping import scopes_disabled

from ..factories import MembershipFactory, member

NEXT_YEAR = dt.date.today().year + 1


def _closures(site) -> list[SiteClosure]:
    return list(SiteClosure.unscoped.filter(site=site))


def _csrf_token_from_docs(client: Client) -> str:
    """The token the docs page hands to its "Try it out" requests (and sets as a cookie)."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    token = re.search(r'data-csrf-token="([^"]+)"', response.content.decode()).group(1)
    assert "csrftoken" in client.cookies
    return token


# --- Sessions ---------------------------------------------------------------------------


def test_signed_in_staff_member_is_the_caller(world, client_for):
    response = client_for(world.member).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "program_id": world.program.pk,
        "program_name": "Program A",
        "role": "staff",
        "actor": f"user {world.member.pk}",
    }


def test_anonymous_caller_gets_401(world):
    for path in ("/api/v1/me", "/api/v1/sites", f"/api/v1/sites/{world.site.pk}"):
        response = Client().get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "Unauthorized"}


def test_session_acts_in_the_program_the_user_switched_to(world, client_for):
    both = member(world.program, Role.STAFF)
    MembershipFactory(user=both, program=world.other_program, role=Role.PEER)
    client = client_for(both)
    client.post("/switch/", {"program": world.other_program.pk})

    me = client.get("/api/v1/me").json()
    assert (me["program_id"], me["role"]) == (world.other_program.pk, "peer")
    names = [site["name"] for site in client.get("/api/v1/sites").json()]
    assert names == ["Site B"]
    assert client.get(f"/api/v1/sites/{world.site.pk}").status_code == 404


def test_session_write_without_csrf_token_is_refused(world):
    coordinator = member(world.program, Role.COORDINATOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(
        f"/api/v1/sites/{world.site.pk}/closures",
        {"date": f"{NEXT_YEAR}-07-04", "reason": "Holiday"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    assert _closures(world.site) == []


def test_session_write_with_csrf_token_is_saved_and_audited(world):
    coordinator = member(world.program, Role.COORDINATOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    token = _csrf_token_from_docs(client)

    response = client.post(
        f"/api/v1/sites/{world.site.pk}/closures",
        {"date": f"{NEXT_YEAR}-07-04", "reason": "Holiday"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201, response.content
    closure = _closures(world.site)[0]
    assert response.json() == {
        "id": closure.pk,
        "site_id": world.site.pk,
        "date": f"{NEXT_YEAR}-07-04",
        "reason": "Holiday",
    }
    with scopes_disabled():
        event = AuditEvent.objects.get(action="site.closure_add")
    assert event.actor == coordinator and event.program == world.program
    assert event.request_id == response["X-Request-ID"]


def test_session_reads_need_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    assert client.get("/api/v1/sites").status_code == 200


# --- Device tokens ----------------------------------------------------------------------


def test_device_token_acts_for_its_program_with_its_role(world, device_token):
    raw, device = device_token(world.program, Role.PEER)
    assert device.last_used_at is None

    response = Client().get("/api/v1/me", **bearer(raw))

    assert response.status_code == 200
    assert response.json() == {
        "program_id": world.program.pk,
        "program_name": "Program A",
        "role": "peer",
        "actor": f"device {device.pk}",
    }
    device.refresh_from_db()
    assert device.last_used_at is not None


def test_device_token_lists_only_its_programs_sites(world, device_token):
    raw, _ = device_token(world.program)
    response = Client().get("/api/v1/sites", **bearer(raw))
    assert response.status_code == 200
    assert [site["id"] for site in response.json()] == [world.site.pk]


def test_device_token_write_is_judged_by_role_not_refused_for_csrf(world, device_token):
    # A device has no session cookie, so there is no CSRF to check: its POST reaches
    # the role rule (staff may not close sites) instead of failing the CSRF check.
    raw, _ = device_token(world.program, Role.STAFF)
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/sites/{world.site.pk}/closures",
        {"date": f"{NEXT_YEAR}-07-04"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this action."}
    assert _closures(world.site) == []


def test_role_is_refused_before_the_input_is_read(world, device_token, client_for):
    # A caller who may not use an operation learns nothing from it, not even which
    # fields it would have wanted: 403 whatever the body, never 422.
    raw, _ = device_token(world.program, Role.STAFF)
    path = f"/api/v1/sites/{world.site.pk}/closures"
    for body in ({}, {"date": "not a date"}, {"date": f"{NEXT_YEAR}-07-04"}):
        response = Client().post(path, body, content_type="application/json", **bearer(raw))
        assert response.status_code == 403, body
    viewer = client_for(member(world.program, Role.VIEWER))
    assert viewer.post(path, {}, content_type="application/json").status_code == 403
    # With the role, the same empty body is an input error.
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    assert coordinator.post(path, {}, content_type="application/json").status_code == 422


def test_revoked_token_gets_401(world, device_token):
    raw, _ = device_token(world.program, revoked=True)
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_token_is_refused_once_revoked(world, device_token):
    raw, device = device_token(world.program)
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    device.revoked_at = device.created_at
    device.save(update_fields=["revoked_at"])
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Token {raw}", "{raw}", "Basic {raw}"],
    ids=["unknown", "empty", "wrong-scheme", "no-scheme", "basic"],
)
def test_unknown_or_malformed_credential_gets_401(world, device_token, header):
    raw, _ = device_token(world.program)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header.format(raw=raw))
    assert response.status_code == 401


def test_token_of_a_deactivated_program_gets_401(world, device_token):
    raw, _ = device_token(world.program)
    Program.objects.filter(pk=world.program.pk).update(is_active=False)
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_stored_hash_is_not_a_credential(world, device_token):
    raw, device = device_token(world.program)
    stored = DeviceToken.unscoped.get(pk=device.pk).token_hash
    assert stored != raw
    assert Client().get("/api/v1/me", **bearer(stored)).status_code == 401


def test_other_programs_token_gets_404_for_this_programs_site(world, device_token):
    raw, _ = device_token(world.other_program, Role.STAFF)
    client = Client()
    assert client.get(f"/api/v1/sites/{world.site.pk}", **bearer(raw)).status_code == 404
    assert client.get(f"/api/v1/sites/{world.site.pk}/closures", **bearer(raw)).status_code == 404
    # ...while its own site answers, so the 404 is the program boundary, not a broken route.
    assert client.get(f"/api/v1/sites/{world.other_site.pk}", **bearer(raw)).status_code == 200


def test_peer_token_cannot_call_a_staff_operation(world, device_token):
    peer, _ = device_token(world.program, Role.PEER)
    staff, _ = device_token(world.program, Role.STAFF)
    path = f"/api/v1/sites/{world.site.pk}/closures"

    refused = Client().get(path, **bearer(peer))
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Your role does not allow this action."}
    assert Client().get(path, **bearer(staff)).status_code == 200


def test_viewer_session_sees_me_but_not_sites(world, client_for):
    client = client_for(member(world.program, Role.VIEWER))
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/sites").status_code == 403
