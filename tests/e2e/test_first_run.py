"""A real program's first run, with no shell and no demo data: ``create_program`` sets it
up, and its new admin signs in through the real login page with the printed password,
sets up an authenticator app (admins must) and lands on Today, on a phone."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from waypoint.core.models import Program

from .helpers import assert_accessible, fresh_totp_code, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_new_program_is_set_up_without_a_shell_and_its_admin_signs_in(page, transactional_db):
    out = io.StringIO()
    call_command(
        "create_program",
        "--no-input",
        "--program=Lakeside Syringe Access",
        "--network=Lake County",
        "--site=Lakeside Center",
        "--site=Lakeside Van:mobile",
        "--admin-email=director@lakeside.example.org",
        stdout=out,
    )
    printed = out.getvalue()
    password = re.search(r"Password \(shown only now\): (\S+)", printed).group(1)
    assert "/accounts/login/" in printed
    program = Program.objects.get(slug="lakeside-syringe-access")
    assert not program.is_demo and not program.network.is_demo

    page.set_viewport_size(PHONE)
    sign_in(page, "director@lakeside.example.org", password)
    # An admin cannot go on without an authenticator app: confirm the password, scan
    # (here: read) the secret, type the code.
    if "/accounts/reauthenticate/" in page.url:
        page.locator("input[name=password]").fill(password)
        page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(fresh_totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today at Lakeside Syringe Access")
    expect(page.get_by_test_id("current-site")).to_contain_text("Lakeside Center")
    expect(page.locator(".demo-banner")).to_have_count(0)
    expect(page.get_by_test_id("today-due")).to_be_visible()
    assert_accessible(page)
    page.goto("/sites/")
    expect(page.get_by_role("link", name="Lakeside Van")).to_be_visible()
    assert_accessible(page)
