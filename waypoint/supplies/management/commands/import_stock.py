"""manage.py import_stock: the catalog or opening stock of one program from a CSV file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from waypoint.core.models import Program
from waypoint.core.scoping import program_scope
from waypoint.supplies.services import imports


class Command(BaseCommand):
    help = (
        "Import a program's catalog or opening stock from CSV. Every row is checked first; "
        "nothing is imported if any row is wrong. Catalog columns: name, category, unit, "
        "syringes_per_unit, naloxone_doses_per_unit, max_per_visit, reorder_point, tracks_lots, "
        "is_quick, is_active. Stock columns: site, item, quantity, lot_number, expires_on, "
        "supplier, unit_cost."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--program", required=True, help="The program's slug.")
        parser.add_argument("--kind", required=True, choices=[imports.CATALOG, imports.STOCK])
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row, write nothing."
        )
        parser.add_argument(
            "--actor", default="", help="Email of the staff member doing the import."
        )

    def handle(
        self, *args, file: Path, program: str, kind: str, dry_run: bool, actor: str, **options
    ):
        found = Program.objects.filter(slug=program).first()
        if found is None:
            raise CommandError(f"No program with the slug {program!r}.")
        user = None
        if actor:
            user = get_user_model().objects.filter(email__iexact=actor).first()
            if user is None:
                raise CommandError(f"No user with the email {actor!r}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        with program_scope(found):
            if dry_run:
                result = imports.preview(found, kind, data)
            else:
                try:
                    result = imports.run_import(found, kind, data, actor=user)
                except imports.ImportRefused as refused:
                    result = refused.result
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems:
            raise CommandError(f"Nothing imported: {len(result.problems)} problem(s).")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(f"{len(result.rows)} rows {verb} into {found.name}."))
