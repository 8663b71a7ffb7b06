"""Enrolment in a real browser: the default recipe by keyboard alone, live candidates,
the gender recipe and a different person with the same code on a phone in English and
Spanish, the short-recipe warning, and every participant page accessible (axe) under the
strict CSP."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    NetworkFactory,
    ProgramFactory,
    SiteFactory,
    enrol_totp,
    member,
)
from tests.participants.factories import ParticipantFactory
from waypoint.core.models import Role
from waypoint.participants.models import Participant, ParticipantSettings

from .helpers import assert_accessible, fresh_totp_code, sign_in

pytestmark = pytest.mark.browser

ANSWERS = [
    ("mother2", "María"),
    ("father2", "José"),
    ("birth_order", "2"),
    ("month", "3"),
    ("day", "15"),
    ("year4", "1980"),
]


@pytest.fixture
def program():
    program = ProgramFactory(network=NetworkFactory(), name="Vine Street Access")
    SiteFactory(program=program, name="Vine Street Window")
    return program


def tab_to(page, name: str, limit: int = 8) -> None:
    """Press Tab until the field called ``name`` has the focus, as a keyboard user does."""
    for _press in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.name") == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{name} was not reached with Tab")


def test_enrolling_with_the_default_recipe_by_keyboard_alone(page, program):
    ParticipantFactory(program=program, code="MAJO0203151981", alias="Sunny")
    peer = member(program, Role.PEER)
    sign_in(page, peer.email, PASSWORD)
    page.goto("/participants/")
    assert_accessible(page)
    page.get_by_test_id("enrol-link").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/participants/enrol/$"))
    expect(page.locator("input[name=mother2]")).to_be_focused()
    assert_accessible(page)
    for name, answer in ANSWERS:
        tab_to(page, name)
        page.keyboard.type(answer)
    # The similar record (one digit of the year differs) shows up while typing.
    candidates = page.get_by_test_id("candidates")
    expect(candidates).to_contain_text("MAJO0203151981")
    expect(page.get_by_test_id("code-preview")).to_have_text("MAJO0203151980")
    assert_accessible(page)
    tab_to(page, "alias", limit=15)
    page.keyboard.type("Red")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/window/\?participant=\d+"))
    person = Participant.unscoped.get(program=program, code="MAJO0203151980")
    assert person.alias == "Red" and person.created_by == peer


def test_unknown_parent_by_keyboard_uses_initials(page, program):
    peer = member(program, Role.PEER)
    sign_in(page, peer.email, PASSWORD)
    page.goto("/participants/enrol/")
    tab_to(page, "mother2_unknown")
    page.keyboard.press("Space")
    expect(page.locator("input[name=mother2]")).to_be_disabled()
    for name, answer in [ANSWERS[1], ("initials", "RT"), *ANSWERS[2:]]:
        tab_to(page, name)
        page.keyboard.type(answer)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/window/\?participant=\d+"))
    assert Participant.unscoped.get(program=program).code == "RTJO0203151980"


def test_refused_enrolment_says_why_and_stays_accessible(page, program):
    ParticipantFactory(program=program, code="MAJO0203151980")
    peer = member(program, Role.PEER)
    sign_in(page, peer.email, PASSWORD)
    page.goto("/participants/enrol/")
    for name, answer in ANSWERS:
        page.locator(f"input[name={name}]").fill(answer)
    page.get_by_test_id("enrol-submit").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("already enrolled")
    assert_accessible(page)
    assert Participant.unscoped.filter(program=program).count() == 1


def test_every_participant_page_is_accessible(page, program):
    admin = member(program, Role.ADMIN, mfa=False)
    secret = enrol_totp(admin)
    person = ParticipantFactory(program=program, code="MAJO0203151980", alias="Sunny")
    ParticipantFactory(program=program, code="MAJO0203151981")
    sign_in(page, admin.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))

    for path in (
        "/participants/",
        f"/participants/{person.pk}/",
        f"/participants/{person.pk}/edit/",
        f"/participants/{person.pk}/merge/",
        f"/participants/{person.pk}/card/",
        "/participants/settings/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert_accessible(page)

    page.goto(f"/participants/{person.pk}/card/")
    page.get_by_test_id("issue-card").click()
    expect(page.get_by_test_id("card-number")).to_be_visible()
    assert_accessible(page)
    token = person.cards.model.unscoped.get(participant=person).token

    page.goto(f"/card/{token}/")
    expect(page.get_by_test_id("card-valid")).to_contain_text("Vine Street Access")
    assert_accessible(page)
    page.goto("/card/not-a-card/")
    expect(page.get_by_test_id("card-invalid")).to_be_visible()
    assert_accessible(page)


PHONE = {"width": 390, "height": 844}


def _answer_gender_recipe(page, *, year: str) -> None:
    page.locator("select[name=gender]").select_option("F")
    page.locator("input[name=year4]").fill(year)
    page.locator("input[name=mother2]").fill("Beth")
    page.locator("input[name=father2]").fill("José")


def test_gender_recipe_on_a_phone_with_candidates_in_english_and_spanish(page, program):
    ParticipantSettings.unscoped.create(program=program, recipe="gender_year_parents")
    when = timezone.make_aware(dt.datetime(2026, 3, 4, 10, 0))
    known = ParticipantFactory(program=program, code="F1980ELJO", last_visit_at=when)
    peer = member(program, Role.PEER)
    page.set_viewport_size(PHONE)
    sign_in(page, peer.email, PASSWORD)
    page.goto("/participants/enrol/")
    assert_accessible(page)

    # Beth now, Elizabeth then; the birth year one off: still offered, saying so.
    _answer_gender_recipe(page, year="1981")
    candidate = page.get_by_test_id("candidate")
    expect(candidate).to_contain_text(known.code)
    expect(candidate).to_contain_text("mother's name: another form of the same name")
    expect(candidate).to_contain_text("birth year: one year apart")
    expect(candidate.get_by_test_id("same-person")).to_be_visible()
    assert_accessible(page)

    # The code's gender and the recorded gender are two questions that never clash.
    page.locator("select[name=recorded_gender]").select_option("trans_woman")
    page.get_by_test_id("enrol-submit").click()
    expect(page).to_have_url(re.compile(r"/window/\?participant=\d+"))
    person = Participant.unscoped.get(program=program, code="F1981BEJO")
    assert person.gender == "trans_woman"

    # In Spanish, the same answers again: someone has this exact code now. A different
    # person is one tap away, and gets a suffix letter.
    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto("/participants/enrol/")
    _answer_gender_recipe(page, year="1981")
    expect(page.get_by_test_id("candidate").first).to_contain_text("F1981BEJO")
    different = page.get_by_test_id("different-person")
    expect(different).to_be_visible()
    expect(page.get_by_test_id("candidates")).to_contain_text("Mismo código")
    assert_accessible(page)
    different.click()
    expect(page).to_have_url(re.compile(r"/window/\?participant=\d+"))
    assert Participant.unscoped.filter(program=program, code="F1981BEJOX").exists()


def test_a_short_recipe_is_flagged_where_the_admin_chooses_it(page, program):
    admin = member(program, Role.ADMIN, mfa=False)
    secret = enrol_totp(admin)
    page.set_viewport_size(PHONE)
    sign_in(page, admin.email, PASSWORD)
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))

    page.goto("/participants/settings/")
    expect(page.get_by_test_id("recipe-flagged")).to_have_count(3)
    assert_accessible(page)
    page.locator("input[name=recipe][value=surname_mother_day_site]").check()
    page.locator("form:has(input[name=recipe]) [type=submit]").click()
    expect(page.get_by_test_id("collision-warning")).to_contain_text("short codes")
    assert_accessible(page)

    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_test_id("collision-warning")).to_contain_text("códigos cortos")
    assert_accessible(page)
