from django.core.management.base import BaseCommand

from waypoint.core.links import served_address
from waypoint.core.models import Network
from waypoint.core.scoping import scopes_disabled
from waypoint.demo.history import community_pages, describe, has_history
from waypoint.demo.network import NETWORK_SLUG, demo_logins, seed_demo


class Command(BaseCommand):
    help = (
        "Load the clearly-labelled demo network (Greater Cincinnati, 7 programs) with about "
        "five months of made-up visits, stock and a survey."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when no demo network (or no demo history) exists yet.",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, if_empty=False, quiet_logins=False, **options):
        with scopes_disabled():
            network = Network.objects.filter(slug=NETWORK_SLUG).first()
            if if_empty and network is not None and has_history(network):
                self.stdout.write("Demo network already loaded.")
            else:
                network = seed_demo(history=True)
                self.stdout.write(
                    self.style.SUCCESS("Demo network loaded: Greater Cincinnati (demo).")
                )
            self.stdout.write(f"History: {describe(network)}")
            pages = community_pages(network)
        if not quiet_logins:
            self.stdout.write(
                "\nDemo logins (DEMO data only — never use these accounts for real work):"
            )
            for role, email, password in demo_logins():
                self.stdout.write(f"  {role:<24} {email:<36} {password}")
            self.stdout.write(
                "  Admins and coordinators are asked to set up an authenticator app on first sign-in.\n"
            )
        for name, slug in pages:
            self.stdout.write(
                f"Public community page of {name}: {served_address()}/community/{slug}/"
            )
