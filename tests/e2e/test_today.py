"""On a phone (390×844), in English and Spanish: the site a person chose survives signing
out and in, the window names the site before a visit is saved, and Today says what needs
doing for each role. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.encounters.helpers import catalog, visit
from tests.factories import PASSWORD, ProgramFactory, SiteFactory, enrol_totp, member
from waypoint.core.models import NetworkAnalyst, Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.services import log_encounter

from .helpers import assert_accessible, fresh_totp_code, sign_in, sign_out

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def program(transactional_db):
    program = ProgramFactory(name="Riverside Outreach")
    SiteFactory(program=program, name="Alpha Center")
    SiteFactory(program=program, name="Zeta Van")
    with program_scope(program):
        catalog(program)
    return program


def _phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_the_site_survives_sign_out_and_sign_in(page, program):
    staff = member(program, Role.STAFF)
    _phone(page)
    sign_in(page, staff.email, PASSWORD)
    expect(page.get_by_test_id("current-site")).to_contain_text("Alpha Center")

    # The window says where visits go, and changes it at the top of the page.
    page.goto("/window/")
    picker = page.get_by_test_id("window-site")
    expect(picker).to_be_in_viewport()
    picker.get_by_label("Working at").select_option(label="Zeta Van")
    picker.get_by_role("button", name="Change site").click()
    expect(page.get_by_role("status")).to_contain_text("Now working at Zeta Van.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zeta Van")
    assert_accessible(page)

    sign_out(page)
    sign_in(page, staff.email, PASSWORD)
    expect(page.get_by_test_id("current-site")).to_contain_text("Zeta Van")
    expect(page.get_by_test_id("today-role")).to_contain_text("working at Zeta Van")
    assert_accessible(page)

    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    sign_out(page)
    sign_in(page, staff.email, PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_test_id("current-site")).to_contain_text("Zeta Van")
    expect(page.get_by_role("heading", level=2, name="Hoy en Zeta Van")).to_be_visible()
    assert_accessible(page)
    page.goto("/window/")
    expect(page.get_by_test_id("window-site").get_by_label("Trabajando en")).to_have_value(
        str(program.sites.model.unscoped.get(name="Zeta Van").pk)
    )
    assert_accessible(page)


def test_a_visit_shows_its_site_before_it_is_saved(page, program):
    peer = member(program, Role.PEER)
    _phone(page)
    sign_in(page, peer.email, PASSWORD)
    page.goto("/window/")
    page.get_by_test_id("anonymous-visit").click()
    expect(page.get_by_test_id("save-site")).to_have_text("At Alpha Center")
    page.get_by_text("Where, when and how").click()
    page.locator("#visit-site").select_option(label="Zeta Van")
    expect(page.get_by_test_id("save-site")).to_have_text("At Zeta Van")
    page.get_by_role("button", name=re.compile("One more: Syringe kit")).first.click()
    page.get_by_test_id("save-visit").click()
    expect(page.get_by_role("status")).to_contain_text("Now working at Zeta Van.")
    expect(page.get_by_test_id("current-site")).to_contain_text("Zeta Van")
    assert_accessible(page)

    page.goto("/")
    recent = page.get_by_test_id("today-recent")
    expect(recent).to_contain_text("1 × Syringe kit")
    assert_accessible(page)


def _check_both_languages(page, expected: list[str]) -> None:
    for testid in expected:
        expect(page.get_by_test_id(testid)).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoy")
    for testid in expected:
        expect(page.get_by_test_id(testid)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PEER, ["today-visits", "today-recent"]),
        (Role.COORDINATOR, ["today-visits", "today-recent", "today-stock"]),
        (Role.ADMIN, ["today-stock", "today-due", "today-devices", "today-failed"]),
        (Role.VIEWER, ["today-figures"]),
    ],
)
def test_today_for_each_role_on_a_phone(page, program, role, expected):
    user = member(program, role, mfa=False)
    secret = enrol_totp(user) if role in (Role.ADMIN, Role.COORDINATOR) else None
    site = program.sites.model.unscoped.get(name="Alpha Center")
    with program_scope(program):
        log_encounter(program, visit(site), actor=user)
    _phone(page)
    sign_in(page, user.email, PASSWORD)
    if secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("input[name=code]").fill(fresh_totp_code(secret))
        page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today at Riverside Outreach")
    _check_both_languages(page, expected)


def test_today_for_a_network_analyst_on_a_phone(page, program):
    from tests.factories import UserFactory

    analyst = UserFactory()
    NetworkAnalyst.objects.create(user=analyst, network=program.network)
    _phone(page)
    sign_in(page, analyst.email, PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    _check_both_languages(page, ["today-figures"])
