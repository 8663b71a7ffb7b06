"""Public pages on a phone (390×844): the card check switches language without a CSRF
refusal, the printed card keeps its QR code inside, and a new program's community page
says "no data yet" instead of 0. Checked with axe in English and in Spanish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ProgramFactory, SiteFactory, member
from tests.participants.factories import ParticipantFactory
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.participants import services
from waypoint.reports.models import ReportSettings

from .helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def program(transactional_db):
    program = ProgramFactory(name="Vine Street Access", slug="vine-street")
    SiteFactory(program=program, name="Vine Street")
    return program


def _card(program):
    person = ParticipantFactory(program=program, code="MAJO0203151980")
    with program_scope(program):
        return person, services.issue_card(person, actor=None)


def test_the_public_card_page_switches_language(page, program):
    _person, card = _card(program)
    page.set_viewport_size(PHONE)
    response = page.goto(f"/card/{card.token}/")
    assert response is not None and response.headers["referrer-policy"] == "same-origin"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("card-valid")).to_have_text(
        "Valid card issued by Vine Street Access."
    )
    assert_accessible(page)

    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page).to_have_url(re.compile(rf"/card/{card.token}/$"))
    expect(page.get_by_test_id("card-valid")).to_have_text(
        "Tarjeta válida emitida por Vine Street Access."
    )
    assert "CSRF verification failed" not in page.content()
    assert_accessible(page)

    page.get_by_test_id("language-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("card-valid")).to_contain_text("Valid card")


def test_the_card_keeps_its_qr_code_inside_on_a_phone(page, program):
    # A long name and both contacts: the widest card text a program is likely to print.
    program.name = "Greater Cincinnati Harm Reduction Coalition"
    program.contact_phone = "513-555-0199"
    program.contact_email = "outreach@harmreduction.example.org"
    program.save()
    person, _card_row = _card(program)
    staff = member(program, Role.STAFF)
    page.set_viewport_size(PHONE)
    sign_in(page, staff.email, PASSWORD)
    for language in ("en", "es"):
        page.goto(f"/participants/{person.pk}/card/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        card = page.get_by_test_id("participant-card").bounding_box()
        qr = page.locator(".participant-card-qr svg").bounding_box()
        assert card and qr
        assert qr["x"] >= card["x"] and qr["x"] + qr["width"] <= card["x"] + card["width"], (
            card,
            qr,
        )
        assert qr["y"] + qr["height"] <= card["y"] + card["height"], (card, qr)
        assert card["x"] + card["width"] <= PHONE["width"], card
        assert qr["width"] >= 80  # still big enough for a phone camera to read
        assert_accessible(page)
        if language == "en":
            page.get_by_test_id("language-es").click()


def test_a_new_programs_community_page_says_no_data_yet(page, program):
    ReportSettings.unscoped.create(program=program, community_page=True)
    page.set_viewport_size(PHONE)
    page.goto("/community/vine-street/")
    expect(page.get_by_test_id("no-data-yet")).to_be_visible()
    cells = [text.strip() for text in page.locator("#community-table tbody td").all_inner_texts()]
    assert cells and set(cells) == {"no data yet"}, cells
    assert_accessible(page)
    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#community-table")).to_contain_text("aún no hay datos")
    assert_accessible(page)
