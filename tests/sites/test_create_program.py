"""``manage.py create_program``: a real program's first run without a shell — its network,
the program, its sites and its first admin, audited, with nothing written on a refusal."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import PASSWORD, NetworkFactory, ProgramFactory, UserFactory
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Membership, Network, Program, Role, Site

pytestmark = pytest.mark.django_db


def run(*args: str, **kwargs) -> str:
    out = io.StringIO()
    call_command("create_program", *args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def test_it_sets_up_a_program_with_its_network_sites_and_admin():
    printed = run(
        "--no-input",
        "--program=Example SSP",
        "--network=Example County",
        "--site=Main office",
        "--site=Care Van:mobile",
        "--admin-email=Director@Example.org",
    )
    program = Program.objects.get(slug="example-ssp")
    assert program.name == "Example SSP" and not program.is_demo
    assert program.network.name == "Example County" and program.network.slug == "example-county"
    sites = Site.unscoped.filter(program=program).order_by("name")
    assert [(s.name, s.kind) for s in sites] == [("Care Van", "mobile"), ("Main office", "fixed")]
    admin = get_user_model().objects.get(email="director@example.org")
    membership = Membership.unscoped.get(user=admin, program=program)
    assert membership.role == Role.ADMIN and membership.is_active
    password = printed.split("Password (shown only now): ")[1].split()[0]
    assert admin.check_password(password) and len(password) >= 16
    assert "http://127.0.0.1:8000/accounts/login/" in printed
    assert "authenticator app" in printed
    events = AuditEvent.unscoped.filter(program=program).order_by("pk")
    assert [e.action for e in events] == [
        "program.create",
        "site.create",
        "site.create",
        "membership.create",
    ]
    assert {e.actor_label for e in events} == {"command create_program"}


def test_it_joins_an_existing_network_and_keeps_an_existing_accounts_password():
    network = NetworkFactory(name="Metro", slug="metro")
    user = UserFactory(email="lead@example.org")
    printed = run(
        "--no-input",
        "--program=Second Program",
        "--network-slug=metro",
        "--site=Downtown",
        "--admin-email=lead@example.org",
    )
    program = Program.objects.get(slug="second-program")
    assert program.network == network and Network.objects.count() == 1
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert "Password (shown only now)" not in printed and "keeps its password" in printed


def test_a_taken_program_name_is_refused_and_nothing_is_written():
    ProgramFactory(slug="example-ssp")
    before = (Network.objects.count(), get_user_model().objects.count())
    with pytest.raises(CommandError, match="exists already"):
        run("--no-input", "--program=Example SSP", "--site=Main", "--admin-email=a@example.org")
    assert (Network.objects.count(), get_user_model().objects.count()) == before


def test_without_input_every_value_must_be_given():
    with pytest.raises(CommandError, match="Program name is required"):
        run("--no-input", "--site=Main", "--admin-email=a@example.org")
    with pytest.raises(CommandError, match="at least one site"):
        run("--no-input", "--program=P", "--admin-email=a@example.org")
    with pytest.raises(CommandError, match="not an email address"):
        run("--no-input", "--program=P", "--site=Main", "--admin-email=nobody")
    assert not Program.objects.exists()


def test_it_asks_for_what_it_was_not_told():
    answers = iter(
        [
            "Riverside Outreach",  # program name
            "",  # its short name: the suggested riverside-outreach
            "River Counties",  # network
            "",  # network short name: river-counties
            "Riverside Center",  # first site
            "",  # kind: fixed
            "Night van",  # another site
            "mobile",
            "",  # no more sites
            "coordinator@river.example.org",
        ]
    )
    passwords = iter(
        ["too short", "too short", "a long enough passphrase", "a long enough passphrase"]
    )
    with (
        mock.patch("builtins.input", lambda prompt="": next(answers)),
        mock.patch("getpass.getpass", lambda prompt="": next(passwords)),
    ):
        printed = run()
    program = Program.objects.get(slug="riverside-outreach")
    assert program.network.slug == "river-counties"
    kinds = dict(Site.unscoped.filter(program=program).values_list("name", "kind"))
    assert kinds == {"Riverside Center": "fixed", "Night van": "mobile"}
    admin = get_user_model().objects.get(email="coordinator@river.example.org")
    assert admin.check_password("a long enough passphrase")
    assert "the one you typed" in printed and "a long enough passphrase" not in printed
