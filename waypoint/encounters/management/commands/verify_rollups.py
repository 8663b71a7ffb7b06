"""Check the daily rollups against the raw visits: exit code 1 on any difference."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from waypoint.core.models import Program
from waypoint.core.scoping import scopes_disabled
from waypoint.encounters.models import Encounter
from waypoint.encounters.rollups import rebuild

SHOWN = 50


def add_selection(parser) -> None:
    parser.add_argument(
        "--program",
        action="append",
        default=[],
        help="A program's id or slug (repeat for several; default: every program).",
    )
    parser.add_argument("--start", type=dt.date.fromisoformat, help="First day, YYYY-MM-DD.")
    parser.add_argument("--end", type=dt.date.fromisoformat, help="Last day, YYYY-MM-DD.")


def selection(options) -> tuple[list[int] | None, rebuild.Days | None]:
    """(program ids or None for all, (first day, last day) or None for all time) from
    the options."""
    programs = None
    if options["program"]:
        programs = []
        for given in options["program"]:
            found = Program.objects.filter(
                **({"pk": int(given)} if given.isdigit() else {"slug": given})
            ).first()
            if found is None:
                raise CommandError(f"No program {given!r}: give its id or slug.")
            programs.append(found.pk)
    start, end = options["start"], options["end"]
    if (start is None) != (end is None):
        raise CommandError("Give both --start and --end, or neither.")
    if start is not None and end < start:
        raise CommandError("--end is before --start.")
    return programs, (start, end) if start is not None else None


def shown(days: rebuild.Days) -> str:
    return f"{days[0].isoformat()} – {days[1].isoformat()}"


class Command(BaseCommand):
    help = (
        "Recompute the daily rollups from the raw visits and list every difference "
        "(exit code 1 if there is any). Programs whose rollups were never built are "
        "listed and not compared: their reports read the raw visits."
    )

    def add_arguments(self, parser):
        add_selection(parser)

    def handle(self, *args, **options):
        with scopes_disabled():
            programs, days = selection(options)
            unready = rebuild.unready(programs)
            ready = [pk for pk in rebuild.program_ids(programs) if pk not in unready]
            found = rebuild.differences(ready, days) if ready else []
            # A program with no visit has nothing to roll up: its first visit starts them.
            visited = set(
                Encounter.unscoped.filter(program__in=unready)
                .values_list("program", flat=True)
                .distinct()
            )
        for pk in unready:
            if pk in visited:
                self.stdout.write(f"program {pk}: rollups not built (run rebuild_rollups)")
        for difference in found[:SHOWN]:
            self.stdout.write(
                f"{difference.table} {difference.key}: "
                f"raw visits give {difference.expected}, rollup holds {difference.stored}"
            )
        if len(found) > SHOWN:
            self.stdout.write(f"… and {len(found) - SHOWN} more")
        where = f" ({shown(days)})" if days else ""
        if found:
            raise CommandError(
                f"{len(found)} rollup row(s) differ from the raw visits{where}; "
                "rebuild_rollups replaces them."
            )
        self.stdout.write(f"Rollups of {len(ready)} program(s) match the raw visits{where}.")
