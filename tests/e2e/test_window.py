"""The walk-up window in a real browser: a repeat or anonymous visit in at most three
interactions, keyboard-first, on a 360px-wide phone, accessible at every step."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.encounters.helpers import catalog, participant, visit
from tests.factories import PASSWORD, NetworkFactory, ProgramFactory, SiteFactory, member
from waypoint.core.models import Role, SiteKind
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.encounters.services import log_encounter
from waypoint.overdoses.models import OverdoseReport

from .helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@dataclass
class Window:
    program: object
    site: object
    items: dict
    peer: object


@pytest.fixture
def window(page) -> Window:
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program, name="Vine Street Window", kind=SiteKind.WINDOW)
    peer = member(program, Role.PEER)
    page.set_viewport_size(PHONE)
    sign_in(page, peer.email, PASSWORD)
    return Window(program=program, site=site, items=catalog(program), peer=peer)


class Interactions:
    """Counts what a person does: each click, and each Enter (typing itself is free)."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def type_and_enter(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += 1
        self.page.keyboard.press("Enter")


def open_window(page) -> None:
    page.goto("/window/")
    expect(page.locator("#window-q")).to_be_focused()
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def expect_saved(page) -> None:
    expect(page).to_have_url(re.compile(r"/window/\?saved=\d+"))
    expect(page.get_by_role("status").first).to_contain_text("saved")
    expect(page.locator("#window-q")).to_be_focused()
    assert_accessible(page)


def test_a_repeat_visit_takes_three_interactions(page, window):
    person = participant(window.program, alias="Sunny", card_number="700123")
    kit, naloxone = window.items["kit"], window.items["naloxone"]
    with program_scope(window.program):
        log_encounter(
            window.program, visit(window.site, participant=person, items={kit: 2, naloxone: 1})
        )
    open_window(page)
    act = Interactions(page)

    act.type_and_enter("700123")
    expect(page.get_by_test_id("visit-who")).to_contain_text(person.code)
    expect(page.get_by_test_id("last-visit")).to_contain_text("2 × Syringe kit")
    expect(page.get_by_test_id("save-visit")).to_be_focused()
    assert_accessible(page)

    act.click(page.get_by_test_id("same-as-last"))
    expect(page.locator(f"#item-{kit.pk}")).to_have_value("2")
    expect(page.locator(f"#item-{naloxone.pk}")).to_have_value("1")
    act.click(page.get_by_test_id("save-visit"))
    expect_saved(page)

    assert act.count <= 3
    with program_scope(window.program):
        latest = Encounter.objects.filter(participant=person).order_by("-id").first()
        assert Encounter.objects.filter(participant=person).count() == 2
        assert dict(latest.items.values_list("item_id", "quantity")) == {kit.pk: 2, naloxone.pk: 1}
        assert latest.staff == window.peer and latest.site == window.site


def test_an_anonymous_visit_takes_three_interactions(page, window):
    open_window(page)
    act = Interactions(page)
    act.click(page.get_by_test_id("anonymous-visit"))
    expect(page.get_by_test_id("visit-who")).to_have_text("Anonymous visit")
    assert_accessible(page)
    kit = window.items["kit"]
    act.click(page.get_by_role("button", name=f"One more: {kit.name}"))
    act.click(page.get_by_test_id("save-visit"))
    expect_saved(page)

    assert act.count <= 3
    with program_scope(window.program):
        encounter = Encounter.objects.get()
        assert encounter.participant is None and encounter.syringes_given == 10


def test_a_double_click_on_save_stores_one_visit(page, window):
    page.goto("/window/?anonymous=1")
    page.locator(f"#item-{window.items['strip'].pk}").fill("3")
    page.get_by_test_id("save-visit").dblclick()
    expect_saved(page)
    assert Encounter.unscoped.filter(program=window.program).count() == 1


def test_a_bad_quantity_is_explained_and_nothing_is_stored(page, window):
    page.goto("/window/?anonymous=1")
    page.locator(f"#item-{window.items['kit'].pk}").evaluate(
        "input => input.removeAttribute('max')"
    )
    page.locator(f"#item-{window.items['kit'].pk}").fill("500")
    page.get_by_test_id("save-visit").click()
    errors = page.get_by_test_id("visit-errors")
    expect(errors).to_contain_text("more than the 20")
    expect(errors).to_be_focused()
    assert_accessible(page)
    assert not Encounter.unscoped.filter(program=window.program).exists()


def test_a_closed_record_is_refused_with_a_clear_message(page, window):
    participant(window.program, card_number="700999", status="deceased")
    open_window(page)
    page.keyboard.type("700999")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("visit-refused")).to_contain_text("marked deceased")
    expect(page.get_by_test_id("save-visit")).to_have_count(0)
    assert_accessible(page)


def test_a_used_kit_opens_the_reversal_report(page, window):
    page.goto("/window/?anonymous=1")
    naloxone = window.items["naloxone"]
    page.get_by_role("button", name=f"One more: {naloxone.name}").click()
    refill = page.locator("#naloxone-refill")
    expect(refill).to_have_attribute("open", "")
    report = page.get_by_test_id("reversal-report")
    expect(report).to_be_hidden()
    refill.get_by_label("Used in an overdose").check()
    expect(report).to_be_visible()
    report.get_by_role("group", name="Who the person was").get_by_label("Friend").check()
    report.get_by_role("group", name="Naloxone worked").get_by_label("Yes").check()
    assert_accessible(page)
    page.get_by_test_id("save-visit").click()
    expect_saved(page)
    report_row = OverdoseReport.unscoped.get(program=window.program)
    assert report_row.relationship == "friend" and report_row.naloxone_worked is True


def test_scanning_a_card_opens_the_participant(page, window):
    person = participant(window.program, card_number="700555")
    # A browser with a barcode detector and a camera: the card's QR holds its check link.
    page.add_init_script(
        """
        window.BarcodeDetector = class {
          static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
          detect() { return Promise.resolve([{rawValue: "https://waypoint.example/card/700555"}]); }
        };
        navigator.mediaDevices.getUserMedia = () => {
          const canvas = document.createElement("canvas");
          canvas.getContext("2d").fillRect(0, 0, 10, 10);
          return Promise.resolve(canvas.captureStream());
        };
        """
    )
    open_window(page)
    act = Interactions(page)
    act.click(page.get_by_role("button", name="Scan card"))
    expect(page.get_by_test_id("visit-who")).to_contain_text(person.code)
    expect(page.get_by_test_id("save-visit")).to_be_focused()
    expect(page.locator("#scanner")).to_be_hidden()
    assert act.count == 1


def test_without_a_barcode_detector_there_is_no_scan_button(page, window):
    page.add_init_script("delete window.BarcodeDetector;")
    open_window(page)
    expect(page.get_by_role("button", name="Scan card")).to_be_hidden()


def test_staff_pages_for_history_correction_and_void(page):
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program)
    staff = member(program, Role.STAFF)
    items = catalog(program)
    person = participant(program)
    with program_scope(program):
        encounter = log_encounter(
            program, visit(site, participant=person, items={items["kit"]: 1})
        ).encounter
    sign_in(page, staff.email, PASSWORD)
    for url in (
        f"/window/history/{person.pk}/",
        f"/visits/{encounter.pk}/",
        f"/visits/{encounter.pk}/edit/",
    ):
        page.goto(url)
        assert_accessible(page)
    page.locator(f"#item-{items['kit'].pk}").fill("2")
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_role("status").first).to_contain_text("Visit corrected")
    page.get_by_label("Reason for voiding").fill("Entered for the wrong person")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Void visit").click()
    expect(page.get_by_role("status").first).to_contain_text("Visit voided")
    assert_accessible(page)
    encounter.refresh_from_db()
    assert encounter.voided_at is not None and encounter.syringes_given == 20


def test_coordinator_pages_for_the_catalog_and_window_settings(page):
    from tests.factories import enrol_totp

    from .helpers import fresh_totp_code

    program = ProgramFactory(network=NetworkFactory())
    SiteFactory(program=program)
    kit = catalog(program)["kit"]
    coordinator = member(program, Role.COORDINATOR, mfa=False)
    secret = enrol_totp(coordinator)
    sign_in(page, coordinator.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))
    for url in ("/catalog/", "/catalog/new/", f"/catalog/{kit.pk}/edit/", "/window/settings/"):
        page.goto(url)
        assert_accessible(page)
    page.goto("/catalog/")
    page.get_by_label(f"Counted on the shelf: {kit.name}").fill("240")
    page.get_by_label(f"Counted on the shelf: {kit.name}").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Counted 240")
    assert_accessible(page)
