"""Every view and API operation: an access rule, role limits and cross-program denial.

New views join automatically: the URL resolver and the API are walked, so a view
with no access rule, or a role check that lets a lower role in, fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from waypoint.accounts.models import DeviceToken, new_token
from waypoint.api.api import iter_operations
from waypoint.core.models import Role

from .access_objects import collect
from .factories import member

# Third-party views with their own access control, tested by their projects.
EXTERNAL_MODULES = ("django.contrib.admin", "allauth.", "ninja.", "django.views.static")
# The operator's site administration (superusers only) and allauth's account pages.
EXTERNAL_PATHS = ("admin/", "accounts/")


@dataclass(frozen=True)
class Route:
    path: str  # pattern with <kwarg> placeholders
    name: str
    callback: object
    kwargs: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = (
                f"{namespace}:{pattern.name}"
                if namespace and pattern.name
                else (pattern.name or route)
            )
            kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
            yield Route(route, name, pattern.callback, kwargs)


def _own_routes() -> list[Route]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        callback = getattr(route.callback, "func", route.callback)  # functools.partial
        module = getattr(callback, "__module__", "") or ""
        if module.startswith(EXTERNAL_MODULES) or route.path.startswith(EXTERNAL_PATHS):
            continue
        routes.append(route)
    return routes


ROUTES = _own_routes()
OPERATIONS = list(iter_operations())


def _url(route: Route, values: dict) -> str:
    def fill(match):
        return str(values[match.group(1)])

    path = re.sub(r"<(?:\w+:)?(\w+)>", fill, route.path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


def _request(client: Client, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def test_routes_were_found():
    names = {route.name for route in ROUTES}
    assert {"today:home", "core:switch", "healthz"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_view_declares_access(route):
    access = getattr(route.callback, "access", None)
    assert access is not None, (
        f"View {route.name} ({route.callback.__module__}) has no access rule: decorate it "
        "with @public, @signed_in, @program_role(...) or @network_analyst."
    )


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_view_access_is_enforced(route, world):
    access = getattr(route.callback, "access", None)
    if access is None:
        pytest.fail(f"{route.name} has no access rule")
    known = collect()
    missing = [k for k in route.kwargs if k not in known and access.kind != "public"]
    assert not missing, (
        f"{route.name}: no test object for URL keyword(s) {missing}; add them to "
        "OBJECTS in tests/<app>/access_objects.py"
    )
    if access.kind == "public":
        values = {k: (known[k](world) if k in known else "unknown-value") for k in route.kwargs}
        response = _request(Client(), _url(route, values))
        assert response.status_code < 500
        assert response.status_code not in (401, 403), f"public view {route.name} refused"
        return

    values = {k: known[k](world) for k in route.kwargs}
    url = _url(route, values)

    anonymous = _request(Client(), url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], (
        f"{route.name}: anonymous visitor was not sent to sign in ({anonymous.status_code})"
    )

    if access.kind == "network":
        client = Client()
        client.force_login(world.owner)
        assert _request(client, url).status_code == 403, f"{route.name}: non-analyst let in"
        return

    if access.kind == "signed_in":
        return

    assert access.kind == "program"
    for lower in access.min_role.below():
        user = member(world.program, lower)
        client = Client()
        client.force_login(user)
        status = _request(client, url).status_code
        assert status == 403, f"{route.name}: {lower.value} got {status}, expected 403"

    if route.kwargs:
        client = Client()
        client.force_login(world.outsider)
        status = _request(client, url).status_code
        assert status in (403, 404), (
            f"{route.name}: admin of another program got {status} for program A's object"
        )
    allowed = member(world.program, access.min_role)
    client = Client()
    client.force_login(allowed)
    status = _request(client, url).status_code
    assert status < 500 and status not in (401, 403, 404), (
        f"{route.name}: {access.min_role.value} of the program was refused ({status})"
    )


def _device_token(program, role: Role) -> str:
    raw, token_hash = new_token()
    DeviceToken.unscoped.create(
        program=program, name=f"test {role}", role=role, token_hash=token_hash, prefix=raw[:8]
    )
    return raw


def _api_path(path: str, values: dict) -> str:
    return "/api/v1/" + re.sub(
        r"\{(\w+)(?::\w+)?\}", lambda m: str(values[m.group(1)]), path
    ).lstrip("/")


def _api_call(client: Client, method: str, url: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.generic(method, url, data="{}", content_type="application/json", **headers)


@pytest.mark.parametrize(
    "path,operation", OPERATIONS, ids=[f"{sorted(op.methods)[0]} {p}" for p, op in OPERATIONS]
)
def test_every_api_operation_enforces_access(path, operation, world):
    access = getattr(operation.view_func, "access", None)
    assert access is not None, f"API operation {path} has no @api_role/@api_public rule"
    if access.kind == "public":
        return
    known = collect()
    params = re.findall(r"\{(\w+)(?::\w+)?\}", path)
    missing = [p for p in params if p not in known]
    assert not missing, f"{path}: no test object for {missing} in tests/<app>/access_objects.py"
    url = _api_path(path, {p: known[p](world) for p in params})
    method = sorted(operation.methods)[0]
    client = Client()

    assert _api_call(client, method, url, None).status_code == 401
    assert _api_call(client, method, url, "not-a-token").status_code == 401

    for lower in access.min_role.below():
        if lower not in (Role.STAFF, Role.PEER):
            # Device tokens act as staff or peer; lower roles are checked through sessions.
            user = member(world.program, lower)
            session = Client()
            session.force_login(user)
            status = _api_call(session, method, url, None).status_code
        else:
            status = _api_call(client, method, url, _device_token(world.program, lower)).status_code
        assert status == 403, f"{method} {path}: {lower.value} got {status}, expected 403"

    if params:
        other = _device_token(world.other_program, Role.STAFF)
        status = _api_call(client, method, url, other).status_code
        assert status in (403, 404), f"{method} {path}: another program's device got {status}"


# --- the read audit ---------------------------------------------------------------------


def _person_data(world) -> list[str]:
    """What identifies a participant of program A on a page: codes and card numbers."""
    from waypoint.participants.models import Participant

    rows = Participant.unscoped.filter(program=world.program)
    return [v for row in rows for v in (row.code, row.card_number) if v and len(v) >= 6]


def _events_during(call) -> tuple[object, list]:
    from waypoint.audit.models import AuditEvent

    before = AuditEvent.unscoped.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = call()
    events = list(AuditEvent.unscoped.filter(pk__gt=before).order_by("pk"))
    return response, events


def _assert_one_read(name: str, response, events, world, reader: str) -> None:
    body = response.content.decode(errors="replace")
    shown = [value for value in _person_data(world) if value in body]
    if response.status_code != 200 or not shown:
        return
    assert len(events) == 1, (
        f"{name} shows person-level data ({shown[:2]}) but wrote {len(events)} audit "
        f"events ({[e.action for e in events]}): read it through the app's queries.py helper"
    )
    event = events[0]
    assert event.program_id == world.program.pk and event.actor_label == reader, (name, event)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_a_page_showing_person_level_data_writes_exactly_one_read_event(route, world):
    access = getattr(route.callback, "access", None)
    if access is None or access.kind != "program":
        return
    known = collect()
    url = _url(route, {k: known[k](world) for k in route.kwargs})
    user = member(world.program, access.min_role)
    client = Client()
    client.force_login(user)
    response, events = _events_during(lambda: client.get(url))
    _assert_one_read(route.name, response, events, world, f"user {user.pk}")


@pytest.mark.parametrize(
    "path,operation",
    [(p, op) for p, op in OPERATIONS if "GET" in op.methods],
    ids=[f"GET {p}" for p, op in OPERATIONS if "GET" in op.methods],
)
def test_an_api_read_of_person_level_data_writes_exactly_one_read_event(path, operation, world):
    from waypoint.accounts.models import DeviceToken

    access = getattr(operation.view_func, "access", None)
    if access is None or access.kind != "program":
        return
    known = collect()
    params = re.findall(r"\{(\w+)(?::\w+)?\}", path)
    url = _api_path(path, {p: known[p](world) for p in params})
    client = Client()
    if access.min_role in (Role.STAFF, Role.PEER):
        token = _device_token(world.program, access.min_role)
        device = DeviceToken.unscoped.get(prefix=token[:8])
        reader = f"device {device.pk}"
    else:
        token = None
        user = member(world.program, access.min_role)
        client.force_login(user)
        reader = f"user {user.pk}"
    response, events = _events_during(lambda: _api_call(client, "GET", url, token))
    _assert_one_read(f"GET {path}", response, events, world, reader)


def test_the_read_audit_check_sees_person_level_pages(world):
    """The two checks above only bite where a page shows a code: make sure the walk's
    objects put one on the pages that matter, so they cannot pass by showing nothing."""
    known = collect()
    participant_id = known["participant_id"](world)
    encounter_id = known["encounter_id"](world)
    client = Client()
    client.force_login(member(world.program, Role.STAFF))
    codes = _person_data(world)
    for url in (
        reverse("participants:detail", args=[participant_id]),
        reverse("encounters:detail", args=[encounter_id]),
        reverse("participants:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert any(code in response.content.decode() for code in codes), url
