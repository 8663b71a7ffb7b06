"""The API docs page in a real browser: it renders under the strict Content-Security-Policy
from the app's own static files, and "Try it out" works with a device token."""

from __future__ import annotations

from pathlib import Path

import pytest

from waypoint.core.models import Role

from ..conftest import require

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        if require("WAYPOINT_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}", pytrace=False)
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def test_docs_page_renders_and_tries_an_operation(world, live_server, device_token, request):
    # Data first: the browser's event loop would stop Django touching the database here.
    raw, _ = device_token(world.program, Role.STAFF)
    browser = request.getfixturevalue("chromium")
    page = browser.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    outside_requests: list[str] = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.on(
        "request",
        lambda r: r.url.startswith(live_server.url) or outside_requests.append(r.url),
    )

    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/me" in paths and "/api/v1/sites/{site_id}/closures" in paths

    page.get_by_role("button", name="Authorize").first.click()
    page.locator("#auth-bearer-value").fill(raw)
    bearer_form = page.locator(".auth-container", has=page.locator("#auth-bearer-value"))
    bearer_form.get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux").get_by_role("button", name="Close").first.click()

    operation = page.locator("#operations-program-waypoint_core_api_me")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    body = operation.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert '"program_name": "Program A"' in body.inner_text()

    assert outside_requests == []
    assert not [e for e in console_errors if "Content Security Policy" in e]
    page.close()
