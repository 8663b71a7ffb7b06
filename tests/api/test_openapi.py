"""The API's published contract: a valid OpenAPI 3 document, a self-hosted docs page, and
an app that answers every operation the way the document says (checked by schemathesis)."""

from __future__ import annotations

import json
import re

import hypothesis
import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from waypoint.api.api import iter_operations
from waypoint.core.models import Role

from ..factories import member

SCHEMA_URL = "/api/v1/openapi.json"


def _openapi() -> dict:
    response = Client().get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- The document -----------------------------------------------------------------------


def test_openapi_document_is_valid_openapi_3(db):
    document = _openapi()
    assert document["openapi"].startswith("3.")
    # Validates against the official OpenAPI meta-schema for the document's version.
    schemathesis.openapi.from_dict(document).validate()


def test_the_validator_rejects_a_broken_document(db):
    # The check above is only worth something if a malformed document fails it.
    document = _openapi()
    broken = json.loads(json.dumps(document))
    path = next(iter(broken["paths"].values()))
    next(iter(path.values()))["responses"] = "200"
    with pytest.raises(Exception, match="responses|not of type"):
        schemathesis.openapi.from_dict(broken).validate()


def test_every_operation_is_documented_with_its_refusals(db):
    documented = {
        (path, method.upper()): details
        for path, item in _openapi()["paths"].items()
        for method, details in item.items()
    }
    for path, operation in iter_operations():
        for method in operation.methods:
            key = (re.sub("/+", "/", f"/api/v1/{path}"), method)
            assert key in documented, f"{key} is missing from the OpenAPI document"
            details = documented[key]
            if operation.view_func.access.kind != "public":
                assert {"ProgramSessionAuth": []} in details["security"], key
                assert {"DeviceTokenAuth": []} in details["security"], key
                assert {"401", "403"} <= set(details["responses"]), key
            if "{" in path:
                assert {"404", "422"} <= set(details["responses"]), key
            if "requestBody" in details:
                assert {"400", "422"} <= set(details["responses"]), key


# --- The docs page ----------------------------------------------------------------------


def test_docs_page_is_served_by_the_app_with_no_outside_assets(db):
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by the app"
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content if served.streaming else [served.content])
    assert not re.search(r"https?://|//cdn|unpkg|jsdelivr", html)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["url"] == SCHEMA_URL
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


# --- Schemathesis: every operation, generated inputs, real HTTP ------------------------


def _exercise_every_operation(schema, base_url: str, site_ids: list[int], **auth) -> set[int]:
    """Generated requests (valid and invalid) to every operation; returns the statuses seen.

    ``call_and_validate`` fails on a 5xx, an undocumented status, a body or content
    type that does not match the document, and an operation that answers without auth.
    """
    statuses: set[int] = set()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(list(iter_operations()))
    for operation in operations:
        strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        if "{site_id}" in operation.path:
            # Random ids almost never exist; also aim at this program's and another's site.
            strategies += [
                operation.as_strategy(path_parameters={"site_id": site_id}) for site_id in site_ids
            ]

        @hypothesis.settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        @given(case=st.one_of(strategies))
        def check(case):
            response = case.call_and_validate(base_url=base_url, timeout=10, **auth)
            statuses.add(response.status_code)

        check()
    return statuses


def _load_schema(live_server, scheme: str, credential: dict):
    """The live document, with the credential bound to its security scheme by name, so
    schemathesis knows the request is authenticated on purpose (and checks that dropping
    or faking it is refused)."""
    config = schemathesis.Config.from_dict({"auth": {"openapi": {scheme: credential}}})
    return schemathesis.openapi.from_url(live_server.url + SCHEMA_URL, config=config)


def test_schemathesis_with_a_device_token(world, live_server, device_token):
    raw, _ = device_token(world.program, Role.STAFF)
    default_settings = hypothesis.settings.default

    statuses = _exercise_every_operation(
        _load_schema(live_server, "DeviceTokenAuth", {"bearer": raw}),
        live_server.url,
        [world.site.pk, world.other_site.pk],
    )

    assert not any(status >= 500 for status in statuses)
    # Reads succeed, closing a site is refused for staff, unknown/other sites are 404.
    assert {200, 403, 404, 422} <= statuses
    # The per-run limits stay on this run; other tests get hypothesis' own defaults.
    assert hypothesis.settings.default is default_settings


def test_schemathesis_with_a_coordinator_session(world, live_server):
    client = Client()
    client.force_login(member(world.program, Role.COORDINATOR))
    client.get("/api/v1/docs")  # sets the CSRF cookie
    session = client.cookies["sessionid"].value
    csrf = client.cookies["csrftoken"].value

    statuses = _exercise_every_operation(
        _load_schema(live_server, "ProgramSessionAuth", {"api_key": session}),
        live_server.url,
        [world.site.pk, world.other_site.pk],
        headers={"X-CSRFToken": csrf},
        cookies={"csrftoken": csrf},
    )

    assert not any(status >= 500 for status in statuses)
    assert {200, 201, 404, 422} <= statuses
