from django.core.management.base import BaseCommand

from waypoint.audit.services import scrub_old_events


class Command(BaseCommand):
    help = "Scrub personal data from audit events older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention period.")

    def handle(self, *args, days=None, **options):
        count = scrub_old_events(older_than_days=days)
        self.stdout.write(f"Scrubbed {count} audit event(s).")
