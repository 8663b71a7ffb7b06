"""Rebuild the daily rollups from the raw visits."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from waypoint.core.scoping import scopes_disabled
from waypoint.encounters.rollups import rebuild

from .verify_rollups import add_selection, selection, shown


class Command(BaseCommand):
    help = (
        "Replace the daily rollups by what the raw visits give, for every program or the "
        "ones named, for all time or one period. Programs rebuilt for all time have "
        "their reports read the rollups from then on. Visits logged meanwhile wait."
    )

    def add_arguments(self, parser):
        add_selection(parser)

    def handle(self, *args, **options):
        started = time.monotonic()
        with scopes_disabled():
            programs, days = selection(options)
            rows = rebuild.rebuild(programs, days)
        self.stdout.write(
            f"Rebuilt {rows} rollup row(s) in {time.monotonic() - started:.1f} s"
            + (f" for {shown(days)}." if days else ".")
        )
