"""The foundation in a real browser: sign-in, MFA, lockout, language, switcher, navigation."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ProgramFactory, SiteFactory, enrol_totp, member
from waypoint.core.models import Role
from waypoint.demo.network import DEMO_DOMAIN, DEMO_PASSWORD, seed_demo

from .helpers import (
    assert_accessible,
    fresh_totp_code,
    nav_labels,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

FOUNDATION_NAV = ["Today", "Sites", "Team", "Devices", "Audit trail", "Network"]
NORTHSIDE = "Northside Syringe Access (DEMO)"
QUEEN_CITY = "Queen City Harm Reduction (DEMO)"


def demo_email(slug: str) -> str:
    return f"{slug}@{DEMO_DOMAIN}"


def enrol_authenticator(page, password: str) -> None:
    """Do what a person does: confirm the password if asked, copy the secret, type the code."""
    if "/accounts/reauthenticate/" in page.url:
        assert_accessible(page)
        page.locator("input[name=password]").fill(password)
        page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), (
        f"no authenticator secret on the page: {secret!r}"
    )
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    assert_accessible(page)


def visit_nav_pages(page) -> None:
    """Open every entry of the main navigation and check each page."""
    nav = page.get_by_role("navigation", name="Main")
    hrefs = [link.get_attribute("href") for link in nav.get_by_role("link").all()]
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.ok, (
            f"{href} answered {response and response.status}"
        )
        assert_accessible(page)


@pytest.mark.parametrize(
    ("slug", "needs_enrolment", "expected_nav"),
    [
        ("admin", True, ["Today", "Sites", "Team", "Devices", "Audit trail"]),
        ("coordinator", True, ["Today", "Sites"]),
        ("staff", False, ["Today", "Sites"]),
        ("peer", False, ["Today"]),
        ("viewer", False, ["Today"]),
        ("analyst", False, ["Network"]),
    ],
)
def test_demo_roles_sign_in_and_see_their_navigation(page, slug, needs_enrolment, expected_nav):
    seed_demo()
    sign_in(page, demo_email(slug), DEMO_PASSWORD)
    if needs_enrolment:
        # No way around the authenticator setup: every page leads back to it.
        setup = re.compile(r"/accounts/(reauthenticate|2fa/totp/activate)/")
        expect(page).to_have_url(setup)
        page.goto("/sites/")
        expect(page).to_have_url(setup)
        enrol_authenticator(page, DEMO_PASSWORD)
    page.goto("/")
    if slug == "analyst":
        expect(page.get_by_role("heading", level=1)).to_have_text("Today")
        expect(page.get_by_test_id("today-figures")).to_contain_text("Greater Cincinnati (demo)")
    else:
        program = page.get_by_test_id("current-program").inner_text().strip()
        assert program in ({QUEEN_CITY, NORTHSIDE} if slug == "staff" else {QUEEN_CITY})
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Today at {program}")
    assert_accessible(page)

    shown = [label for label in nav_labels(page) if label in FOUNDATION_NAV]
    assert shown == expected_nav
    visit_nav_pages(page)


def test_totp_sign_in_asks_for_the_code_and_refuses_a_wrong_one(page):
    program = ProgramFactory(name="Riverside Outreach")
    SiteFactory(program=program, name="Main Street")
    user = member(program, Role.ADMIN, mfa=False)
    secret = enrol_totp(user)

    sign_in(page, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)

    right = fresh_totp_code(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page.locator("input[name=code]").fill(wrong)
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.get_by_text(re.compile("incorrect code", re.I))).to_be_visible()
    assert_accessible(page)

    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today at Riverside Outreach")
    assert urlsplit(page.url).path == "/"
    assert_accessible(page)


def test_lockout_refuses_even_the_right_password(page):
    program = ProgramFactory()
    user = member(program, Role.STAFF)

    sign_in(page, user.email, "not the password")
    error = page.locator("main .errorlist, main [role=alert], main .message-error")
    expect(error.first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(re.compile("try again later", re.I))
    assert_accessible(page)
    for _ in range(4):
        page.fill("input[name=password]", "still not the password")
        page.locator("form:has(input[name=password]) [type=submit]").click()
        page.wait_for_load_state()

    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("main")).to_contain_text(re.compile("try again later", re.I))
    assert_accessible(page)


def test_language_button_switches_the_page_to_spanish(page):
    seed_demo()
    sign_in(page, demo_email("staff"), DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english_nav = nav_labels(page)
    english_sign_out = page.get_by_test_id("sign-out").inner_text().strip()

    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_test_id("language-en")).to_be_visible()
    assert_accessible(page)
    # Visible text is translated (needs the compiled Spanish catalogue).
    assert nav_labels(page) != english_nav, "the navigation is still in English"
    assert page.get_by_test_id("sign-out").inner_text().strip() != english_sign_out

    page.get_by_test_id("language-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert nav_labels(page) == english_nav


def test_chosen_language_is_remembered_for_the_account(page, context):
    seed_demo()
    sign_in(page, demo_email("staff"), DEMO_PASSWORD)
    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # The choice belongs to the account: a browser without the language cookie gets it too.
    sign_out(page)
    context.clear_cookies()
    sign_in(page, demo_email("staff"), DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(page)


def test_staff_switches_program_and_the_header_follows(page):
    seed_demo()
    sign_in(page, demo_email("staff"), DEMO_PASSWORD)
    current = page.get_by_test_id("current-program")
    before = current.inner_text().strip()
    assert before in {QUEEN_CITY, NORTHSIDE}
    after = NORTHSIDE if before == QUEEN_CITY else QUEEN_CITY
    sites = {QUEEN_CITY: "Over-the-Rhine Center", NORTHSIDE: "Hamilton Avenue Site"}

    # Keyboard: the switcher opens with Enter and closes with Escape, back on its toggle.
    summary = page.locator("details.context-switcher > summary")
    summary.focus()
    page.keyboard.press("Enter")
    switcher = page.locator("#switch-program")
    expect(switcher).to_be_visible()
    assert_accessible(page)
    switcher.focus()
    page.keyboard.press("Escape")
    expect(switcher).to_be_hidden()
    expect(summary).to_be_focused()

    current.click()
    expect(switcher).to_be_visible()
    switcher.select_option(label=after)
    page.get_by_role("button", name="Switch program").click()

    expect(page.get_by_test_id("current-program")).to_have_text(after)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Today at {after}")
    expect(page.get_by_role("status")).to_contain_text(after)
    assert_accessible(page)

    page.goto("/sites/")
    expect(page.get_by_role("link", name=sites[after])).to_be_visible()
    expect(page.get_by_role("link", name=sites[before])).to_have_count(0)
    expect(page.get_by_test_id("current-program")).to_have_text(after)
    assert_accessible(page)
    page.get_by_role("link", name=sites[after]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sites[after])
    assert_accessible(page)


def test_not_found_page_is_accessible(page):
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    assert_accessible(page)
    # The first Tab reaches the skip link, which is then visible and moves focus to main.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    seed_demo()
    sign_in(page, demo_email("peer"), DEMO_PASSWORD)
    response = page.goto("/sites/999999/")
    assert response is not None and response.status in {403, 404}
    assert_accessible(page)
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    assert_accessible(page)
