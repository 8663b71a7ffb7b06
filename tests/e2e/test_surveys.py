"""A point-in-time survey in a real browser: a coordinator builds and opens it, a peer fills
it in on a phone, a participant answers through the public link, and the coordinator
reads the results. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ProgramFactory, SiteFactory, enrol_totp, member
from waypoint.core.models import Role

from .helpers import assert_accessible, fresh_totp_code, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Content Security Policy" in m.text
            and page.csp_violations.append(m.text)
        ),
    )
    return context, page


def _fits_the_screen(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


def _sign_in_with_code(page, user, secret) -> None:
    sign_in(page, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today at")


def test_build_open_fill_on_a_phone_and_on_the_public_link_then_read_results(
    page, browser, live_server
):
    program = ProgramFactory(name="Riverside Outreach")
    SiteFactory(program=program, name="Main Street")
    coordinator = member(program, Role.COORDINATOR, mfa=False)
    secret = enrol_totp(coordinator)
    peer = member(program, Role.PEER)
    page.on("dialog", lambda dialog: dialog.accept())

    # The coordinator builds the survey: standard questions plus one of their own.
    _sign_in_with_code(page, coordinator, secret)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
    assert_accessible(page)
    page.get_by_test_id("new-survey").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Spring count")
    for label in ("How old are you?", "What is your gender?"):
        expect(page.get_by_label(label)).to_be_checked()
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring count")
    assert_accessible(page)

    form = page.get_by_test_id("custom-question-form")
    form.get_by_label(re.compile(r"^Question")).fill("Where do you usually get supplies?")
    form.get_by_label("One answer from a list").check()
    form.get_by_label(re.compile(r"^Answers to choose from")).fill("This program\nPharmacy")
    form.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    expect(page.locator(".builder-question")).to_have_count(8)
    assert_accessible(page)

    page.get_by_test_id("open-survey").click()
    expect(page.get_by_test_id("survey-status")).to_have_text("Open")
    expect(page.get_by_role("img", name="QR code that opens the survey link")).to_be_visible()
    assert_accessible(page)
    public_path = re.sub(r"^https?://[^/]+", "", page.get_by_test_id("public-link").input_value())
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{40,}/", public_path)
    survey_url = page.url

    # A peer fills it in with a participant, on a phone.
    peer_context, phone = _phone(browser, live_server)
    try:
        sign_in(phone, peer.email, PASSWORD)
        phone.goto(survey_url.replace(live_server.url, "") + "fill/")
        _fits_the_screen(phone)
        assert_accessible(phone)
        phone.get_by_label("Under 25").check()
        phone.get_by_label("Non-binary").check()
        phone.get_by_label("Asian").check()
        phone.get_by_label("White").check()
        phone.get_by_label(re.compile("reversed someone else's overdose")).fill("2")
        phone.get_by_label("Pharmacy").check()
        phone.get_by_test_id("send-answers").click()
        expect(phone.get_by_text("Thank you — ready for the next person.")).to_be_visible()
        expect(phone.get_by_label("Under 25")).not_to_be_checked()
        _fits_the_screen(phone)
        assert_accessible(phone)
    finally:
        peer_context.close()

    # A participant answers on their own phone through the link, with no account.
    public_context, own_phone = _phone(browser, live_server)
    try:
        own_phone.goto(public_path)
        expect(own_phone.get_by_role("heading", level=1)).to_have_text("Spring count")
        _fits_the_screen(own_phone)
        assert_accessible(own_phone)
        own_phone.get_by_label("25–34").check()
        overdose = own_phone.get_by_role("group", name=re.compile("have you had an overdose"))
        overdose.get_by_label("Prefer not to say").check()
        own_phone.get_by_test_id("send-answers").click()
        expect(own_phone.get_by_test_id("thanks")).to_be_visible()
        assert_accessible(own_phone)
    finally:
        public_context.close()

    # The coordinator reads the results: exact figures, with a note saying so.
    page.goto(survey_url + "results/")
    expect(page.get_by_test_id("total-responses")).to_have_text(re.compile(r"Responses:\s*2"))
    expect(page.get_by_test_id("exact-note")).to_be_visible()
    assert_accessible(page)
