from django.core.management.base import BaseCommand

from waypoint.core.demo import demo_logins, has_demo, seed_demo


class Command(BaseCommand):
    help = "Load the clearly-labelled demo network (Greater Cincinnati, 7 programs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Only load when no demo network exists yet."
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, if_empty=False, quiet_logins=False, **options):
        if if_empty and has_demo():
            self.stdout.write("Demo network already loaded.")
        else:
            seed_demo()
            self.stdout.write(self.style.SUCCESS("Demo network loaded: Greater Cincinnati (demo)."))
        if not quiet_logins:
            self.stdout.write(
                "\nDemo logins (DEMO data only — never use these accounts for real work):"
            )
            for role, email, password in demo_logins():
                self.stdout.write(f"  {role:<24} {email:<36} {password}")
            self.stdout.write(
                "  Admins and coordinators are asked to set up an authenticator app on first sign-in.\n"
            )
