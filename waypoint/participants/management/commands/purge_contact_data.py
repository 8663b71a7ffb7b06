"""Erase contact data no longer needed now, as the nightly task does; or count it."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand

from waypoint.core.models import Program
from waypoint.core.scoping import scopes_disabled
from waypoint.participants import purge


def _describe(counts: Counter) -> str:
    parts = {
        purge.NO_VISIT: f"no visit in {settings.CONTACT_RETENTION_DAYS} days",
        purge.NO_CONSENT: "no consent to text messages",
        purge.NOT_ACTIVE: "merged, opted out or deceased",
    }
    return ", ".join(f"{counts[rule]} {parts[rule]}" for rule in purge.RULES if counts[rule])


class Command(BaseCommand):
    help = (
        "Erase participants' phone numbers that are no longer needed (merged, opted out "
        "or deceased; consent to text messages withdrawn; no visit within "
        "WAYPOINT_CONTACT_RETENTION_DAYS), in every program, as the nightly task does."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count, per program, the participants whose contact data would be erased.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        # An operator's command covers every program, like the nightly task; each
        # program is still erased inside its own scope.
        with scopes_disabled():
            if dry_run:
                counts = purge.count_to_erase()
            else:
                counts = purge.purge_contact_data(actor_label="purge_contact_data command")
            names = dict(Program.objects.filter(pk__in=counts).values_list("pk", "name"))
        verb = "would be erased" if dry_run else "erased"
        for program_id in sorted(counts, key=lambda pk: (names.get(pk, ""), pk)):
            total = sum(counts[program_id].values())
            self.stdout.write(
                f"{names.get(program_id, program_id)}: {total} participant(s) {verb} "
                f"({_describe(counts[program_id])})"
            )
        grand_total = sum(sum(c.values()) for c in counts.values())
        self.stdout.write(f"Contact data {verb} for {grand_total} participant(s) in total.")
