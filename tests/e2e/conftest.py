"""Browser test harness: Playwright driving the system Chromium against a live server.

Every browser test gets a fresh browser context (no cookies shared between tests)
on one Chromium process per test session, and a screenshot in ``test-results/``
when it fails. ``assert_accessible(page)`` runs axe-core on the current page.
"""

from __future__ import annotations

import copy
import os
import re
import uuid
from pathlib import Path

import pytest

from tests.conftest import require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _record_csp_violation(page, message) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        page.csp_violations.append(message.text)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed when they are done.

    Playwright's sync API keeps an event loop running in the test thread while it is
    open; Django refuses database access from such a thread unless told otherwise.
    Package scope ends both the loop and the permission before the rest of the suite.
    """
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}"
        if require("WAYPOINT_REQUIRE_BROWSER"):
            pytest.fail(f"{message}, and WAYPOINT_REQUIRE_BROWSER=1.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test gets its own cache key prefix.

    Login rate limits (30 sign-ins a minute from one address, lockouts) and used TOTP
    codes live in the cache, which a database flush does not empty and which on Redis
    outlives the test run; without this, tests would lock each other out.
    """
    caches = copy.deepcopy(settings.CACHES)
    prefix = f"e2e-{uuid.uuid4().hex}"
    for cache in caches.values():
        cache["KEY_PREFIX"] = prefix
    settings.CACHES = caches


@pytest.fixture
def context(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: _record_csp_violation(page, message))
    yield page
    report = getattr(request.node, "report_call", None)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
    screenshot = RESULTS_DIR / f"{name}.png"
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(screenshot), full_page=True)
        except Exception as exc:  # a failed screenshot must not hide the real failure
            print(f"screenshot failed: {exc}")
    else:
        screenshot.unlink(missing_ok=True)  # an old failure's picture would mislead
    page.close()
