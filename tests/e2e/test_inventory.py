"""Stock in a real browser: a coordinator receives two naloxone lots, sends part of them to
a van, counts the van, and reads the variance and the expiry list — accessible on every
page, and the same pages fully in Spanish."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.encounters.helpers import catalog
from tests.factories import (
    PASSWORD,
    NetworkFactory,
    ProgramFactory,
    SiteFactory,
    enrol_totp,
    member,
)
from waypoint.core.models import Role, SiteKind
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import LotBalance, StockBalance, SupplyItem

from .helpers import assert_accessible, fresh_totp_code, sign_in

pytestmark = pytest.mark.browser

SOON = dt.date.today() + dt.timedelta(days=25)
LATER = dt.date.today() + dt.timedelta(days=300)

# Text that is the same in both languages: numbers, dates, signs and codes.
LANGUAGE_FREE = re.compile(r"^[\d\s.,:;+\-−—–×()/%#·|'\"]*$|^[A-Z]{1,3}-\d+$")


def visible_texts(page) -> set[str]:
    """Every piece of text a person can read in the page's main area and navigation."""
    return set(
        page.evaluate(
            """() => {
              const out = [];
              for (const root of document.querySelectorAll("main, nav")) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                  const node = walker.currentNode;
                  const el = node.parentElement;
                  // Code (CSV column names) is the same in every language.
                  if (!el || el.closest("script, style, code, [hidden]")) continue;
                  const text = node.textContent.replace(/\\s+/g, " ").trim();
                  if (text) out.push(text);
                }
              }
              return out;
            }"""
        )
    )


def untranslated(english: set[str], spanish: set[str], data: set[str]) -> set[str]:
    """Text shown unchanged after switching to Spanish, other than names and numbers."""
    same = english & spanish
    return {text for text in same if not LANGUAGE_FREE.match(text) and not _is_data(text, data)}


def _is_data(text: str, data: set[str]) -> bool:
    """A name, or a name as a label ("Cookers:") or in brackets ("(kit)")."""
    bracketed = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    return bool({text, text.removesuffix(":"), bracketed} & data)


@pytest.fixture
def coordinator_page(page):
    program = ProgramFactory(network=NetworkFactory(), name="Queen City Harm Reduction")
    fixed = SiteFactory(program=program, name="Main Street", kind=SiteKind.FIXED)
    the_van = SiteFactory(program=program, name="Westside van", kind=SiteKind.MOBILE)
    items = catalog(program)
    SupplyItem.unscoped.filter(pk=items["naloxone"].pk).update(tracks_lots=True, reorder_point=10)
    coordinator = member(program, Role.COORDINATOR, mfa=False)
    secret = enrol_totp(coordinator)
    sign_in(page, coordinator.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))
    return page, program, fixed, the_van, items, coordinator


def test_receive_transfer_count_and_read_the_variance_and_expiry(coordinator_page):
    page, program, fixed, the_van, items, coordinator = coordinator_page
    naloxone = items["naloxone"]

    # Receive a shipment with two lots.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stock").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stock at all sites")
    assert_accessible(page)
    page.get_by_role("link", name="Receive a delivery").click()
    assert_accessible(page)
    page.get_by_label("Received at").select_option(label=fixed.name)
    page.get_by_label("Supplier").fill("State naloxone program")
    for n, (number, quantity, expires) in enumerate(
        (("nx-101", "24", SOON), ("NX-202", "36", LATER))
    ):
        page.locator(f"select[name=line-{n}-item]").select_option(label=naloxone.name)
        page.locator(f"input[name=line-{n}-quantity]").fill(quantity)
        page.locator(f"input[name=line-{n}-lot_number]").fill(number)
        page.locator(f"input[name=line-{n}-expires_on]").fill(expires.isoformat())
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.get_by_role("status").first).to_contain_text("Received 60 units in 2 lines")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Stock at {fixed.name}")
    assert_accessible(page)

    # Send part of it to the van: the earliest-expiring lot goes first.
    page.get_by_role("link", name="Send stock to a site").click()
    assert_accessible(page)
    page.get_by_label("Send from").select_option(label=fixed.name)
    page.get_by_label("Send to").select_option(label=the_van.name)
    page.locator("select[name=line-0-item]").select_option(label=naloxone.name)
    page.locator("input[name=line-0-quantity]").fill("30")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("On the way")
    expect(page.locator("main")).to_contain_text(
        "24 × Naloxone nasal spray 4 mg (2 doses), lot NX-101"
    )
    assert_accessible(page)
    page.get_by_role("button", name=f"Received at {the_van.name}").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("Received")
    assert_accessible(page)

    # Count the van: two kits of the first lot are missing.
    page.goto(f"/stock/sites/{the_van.pk}/count/")
    assert_accessible(page)
    page.get_by_label(re.compile(r"lot NX-101")).fill("22")
    page.get_by_label(re.compile(r"lot NX-202")).fill("6")
    page.get_by_role("button", name="Save the count").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Count at {the_van.name}")
    differences = page.get_by_test_id("count-difference").all_inner_texts()
    assert sorted(differences) == ["-2", "0"]
    assert_accessible(page)

    page.get_by_role("link", name="Count differences over time").click()
    row = page.get_by_test_id("variance-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(the_van.name)
    expect(row).to_contain_text("-2")
    assert_accessible(page)

    page.get_by_role("link", name="Expiring lots").first.click()
    lots = page.get_by_test_id("expiring-lot")
    expect(lots).to_have_count(1)  # NX-202 expires well after the 60-day window
    expect(lots).to_contain_text("NX-101")
    expect(lots).to_contain_text(the_van.name)
    expect(lots).to_contain_text("22")
    assert_accessible(page)

    with program_scope(program):
        assert StockBalance.objects.get(site=the_van, item=naloxone).on_hand == 28
        assert StockBalance.objects.get(site=fixed, item=naloxone).on_hand == 30
        on_lots = dict(
            LotBalance.objects.filter(site=the_van).values_list("lot__lot_number", "on_hand")
        )
        assert on_lots == {"NX-101": 22, "NX-202": 6}

    # The same pages in Spanish: accessible, and nothing left in English.
    pages = [
        "/stock/",
        f"/stock/sites/{fixed.pk}/",
        "/stock/receive/",
        "/stock/transfers/new/",
        "/stock/transfers/",
        f"/stock/sites/{the_van.pk}/count/",
        "/stock/variance/",
        "/stock/expiring/",
        "/stock/reorder/",
        "/stock/adjust/",
        "/stock/import/",
        "/stock/settings/",
        f"/stock/items/{naloxone.pk}/",
    ]
    english = {}
    for url in pages:
        page.goto(url)
        english[url] = visible_texts(page)
    page.get_by_test_id("language-es").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    with program_scope(program):
        catalog_items = list(SupplyItem.objects.filter(program=program))
    data = {site.name for site in (fixed, the_van)} | {item.name for item in catalog_items}
    data |= {item.unit for item in catalog_items}
    data |= {
        program.name,
        str(coordinator),
        "NX-101",
        "NX-202",
        "State naloxone program",
        "Waypoint",
    }
    left = {}
    for url in pages:
        page.goto(url)
        assert_accessible(page)
        missing = untranslated(english[url], visible_texts(page), data)
        if missing:
            left[url] = sorted(missing)
    assert not left, f"English left on Spanish pages: {left}"
