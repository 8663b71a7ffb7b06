"""Set up a real program without a shell: its network, the program, its first sites and
its first admin. Asks for what it was not told; ``--no-input`` asks nothing."""

from __future__ import annotations

import getpass
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.urls import reverse
from django.utils.text import slugify

from waypoint.core.links import served_address
from waypoint.core.models import Network, Program, SiteKind
from waypoint.core.scoping import scopes_disabled
from waypoint.sites.services import start_program

ACTOR = "command create_program"
KINDS = ", ".join(SiteKind.values)


def parse_site(value: str) -> tuple[str, str]:
    """``Name`` or ``Name:kind`` (a fixed site unless a kind is given)."""
    name, sep, kind = value.rpartition(":")
    if not sep or kind.strip() not in SiteKind.values:
        return value.strip(), SiteKind.FIXED
    return name.strip(), kind.strip()


class Command(BaseCommand):
    help = (
        "Create a program ready for its first shift: its network (or join an existing one), "
        "the program, its first sites and its first admin. No demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", help="The program's name, e.g. 'Example SSP'.")
        parser.add_argument(
            "--program-slug",
            help="Short name in web addresses, e.g. the community page /community/<slug>/ "
            "(default: from the name).",
        )
        parser.add_argument(
            "--network",
            help="The network's name: a coalition of programs (default: the program's name).",
        )
        parser.add_argument(
            "--network-slug",
            help="An existing network's short name to join it, or the new one's "
            "(default: from the network's name).",
        )
        parser.add_argument(
            "--site",
            action="append",
            default=[],
            metavar="NAME[:KIND]",
            help=f"A site; repeat for more. KIND is one of {KINDS} (default fixed).",
        )
        parser.add_argument("--admin-email", help="The first admin's email address.")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Ask nothing: every value from the options; a new admin's password is "
            "made up and printed once.",
        )

    def handle(self, *args, **options):
        self.interactive = not options["no_input"]
        if self.interactive:
            self.stdout.write(
                "Set up a program: a network, the program, its sites and its first admin. "
                "Press Enter to take the value in [brackets].\n"
            )
        program_name = self._value(options["program"], "Program name")
        program_slug = self._slug(options["program_slug"], program_name, "program")
        network_name = self._value(
            options["network"], "Network name (a coalition of programs)", default=program_name
        )
        network_slug = self._slug(options["network_slug"], network_name, "network")
        sites = [parse_site(value) for value in options["site"]] or self._ask_sites()
        email = self._email(options["admin_email"])
        password, made_up = self._password(email)
        try:
            made = start_program(
                network_name=network_name,
                network_slug=network_slug,
                program_name=program_name,
                program_slug=program_slug,
                sites=sites,
                admin_email=email,
                admin_password=password or "",
                actor_label=ACTOR,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self._report(made, password if made_up else None)

    # --- asking ---------------------------------------------------------------------

    def _ask(self, label: str, default: str = "") -> str:
        if not self.interactive:
            return default
        shown = f"{label} [{default}]: " if default else f"{label}: "
        return input(shown).strip() or default

    def _value(self, given: str | None, label: str, *, default: str = "") -> str:
        value = (given or "").strip() or self._ask(label, default)
        if not value:
            raise CommandError(f"{label} is required.")
        return value

    def _slug(self, given: str | None, name: str, what: str) -> str:
        value = given or self._ask(f"Short name of the {what} for web addresses", slugify(name))
        value = value or slugify(name)
        try:
            validate_slug(value)
        except ValidationError as exc:
            raise CommandError(
                f"The {what}'s short name {value!r} may hold only letters, digits, - and _."
            ) from exc
        if what == "program":
            with scopes_disabled():
                taken = Program.objects.filter(slug=value).exists()
            if taken:
                raise CommandError(f"A program with the short name {value!r} exists already.")
        elif self.interactive:
            with scopes_disabled():
                existing = Network.objects.filter(slug=value).first()
            if existing is not None:
                self.stdout.write(f"The program joins the existing network {existing.name}.")
        return value

    def _ask_sites(self) -> list[tuple[str, str]]:
        sites = []
        while self.interactive:
            first = not sites
            name = self._ask(
                "First site's name" if first else "Another site's name (Enter when done)",
                "Main site" if first else "",
            )
            if not name:
                break
            kind = self._ask(f"What kind of site is {name} ({KINDS})", SiteKind.FIXED)
            if kind not in SiteKind.values:
                self.stderr.write(f"{kind!r} is not a kind of site; {name} is a fixed site.")
                kind = SiteKind.FIXED
            sites.append((name, kind))
        if not sites:
            raise CommandError("Give at least one site (--site 'Name[:kind]').")
        return sites

    def _email(self, given: str | None) -> str:
        email = self._value(given, "The first admin's email address").lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        return email

    def _password(self, email: str) -> tuple[str | None, bool]:
        """The new admin's password, typed twice and checked, or made up (Enter, or
        ``--no-input``); and whether it was made up. None for an existing account,
        which keeps its own."""
        if get_user_model().objects.filter(email__iexact=email).exists():
            return None, False
        user = get_user_model()(email=email)
        while self.interactive:
            first = getpass.getpass("The admin's password (Enter to make one up): ")
            if not first:
                break
            if getpass.getpass("The same password again: ") != first:
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                validate_password(first, user)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return first, False
        return secrets.token_urlsafe(15), True

    # --- telling --------------------------------------------------------------------

    def _report(self, made, made_up_password: str | None) -> None:
        sites = ", ".join(f"{site.name} ({site.get_kind_display()})" for site in made.sites)
        network = f"new network {made.network.name}" if made.new_network else made.network.name
        self.stdout.write(self.style.SUCCESS(f"Program {made.program.name} created in {network}."))
        self.stdout.write(f"Sites: {sites}.")
        self.stdout.write(f"Program admin: {made.admin.email}")
        if made_up_password:
            self.stdout.write(f"  Password (shown only now): {made_up_password}")
            self.stdout.write(
                "  Give it to them privately; they can change it once signed in "
                f"({reverse('account_change_password')})."
            )
        elif made.new_account:
            self.stdout.write("  Password: the one you typed.")
        else:
            self.stdout.write("  An existing account: it keeps its password.")
        self.stdout.write(
            "  At the first sign-in Waypoint asks them to set up an authenticator app "
            "(a second sign-in step every admin needs)."
        )
        self.stdout.write(f"Sign in at {served_address()}{reverse('account_login')}")
        self.stdout.write(
            "Then, in the app: the supply catalog (Catalog), the participant code "
            "(Participants → Code and card settings), and staff invitations (Team)."
        )
