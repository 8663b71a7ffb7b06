"""A network's visit history for the reports benchmark, at any size.

One network of programs of uneven size (the largest about a quarter of all visits),
each with its sites and the demo catalog, participants who come for a while at their
own pace (a few almost daily, most rarely), some enrolled at two programs under the
same code (one network key), some duplicates merged into another record, about one
visit in eight anonymous. Visits give about three catalog lines each; some return used
syringes (counted, by container or by weight), some supply others, some record a
service or what happened to the last naloxone kit (with a reversal report when it was
used in an overdose); a few are voided. Three years by default, ending with the last
full quarter, busier each year.

Deterministic for a seed. Rows go straight into the tables — ``COPY`` on PostgreSQL,
batched inserts elsewhere — with no stock movements, audit rows or rollups: build the
rollups afterwards with ``manage.py rebuild_rollups``. Tests use it at small scale.

    python -m bench.reports_history --visits 5000000        # PostgreSQL, its own database
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
import uuid
from dataclasses import dataclass

NETWORK_SLUG = "bench-reports"
# Changes whenever the same seed would give other rows: a stored history of another
# version is not reused.
VERSION = 2
BATCH = 20_000
ANONYMOUS = 0.12
# (catalog name, chance a visit gives it, most units at once)
GIVEN = (
    ("Syringe kit, 10 × 1 mL 28G", 0.62, 6),
    ("Syringes, 1 mL 29G (box of 100)", 0.05, 2),
    ("Cookers", 0.35, 10),
    ("Cotton filters (pack of 10)", 0.18, 3),
    ("Sterile water, 10 mL", 0.2, 10),
    ("Alcohol pads", 0.39, 20),
    ("Naloxone nasal spray 4 mg (2 doses)", 0.2, 2),
    ("Fentanyl test strip", 0.33, 10),
    ("Safer smoking kit", 0.25, 3),
    ("Condoms", 0.14, 10),
    ("Hygiene kit", 0.06, 1),
    ("Sharps container, 1 quart", 0.15, 2),
    ("Overdose response guide", 0.08, 1),
)
SERVICES = ("hiv_test", "hcv_test", "sti_test", "wound_care", "moud_info", "naloxone_training")
KITS = ("used_overdose", "expired", "lost", "still_have", "gave_away", "unknown")
# Columns written; the others get their field's default.
PARTICIPANT_COLUMNS = tuple(
    "id program_id code card_number network_key status merged_into_id created_at "
    "status_changed_at".split()
)
VISIT_COLUMNS = tuple(
    "id program_id site_id participant_id occurred_at modality client_uuid "
    "secondary_recipients syringes_given naloxone_doses_given syringes_collected "
    "collection_method collection_detail kit_outcome created_at voided_at void_reason".split()
)
SITE_KINDS = ("fixed", "mobile", "window", "outreach", "mail", "fixed")


@dataclass
class History:
    network_id: int
    program_ids: list[int]  # largest first
    start: dt.date
    end: dt.date
    visits: int
    items: int


def last_quarter_end(today: dt.date) -> dt.date:
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return first - dt.timedelta(days=1)


def generate(
    *,
    visits: int,
    programs: int = 10,
    years: int = 3,
    end: dt.date | None = None,
    seed: int = 11,
    log=print,
) -> History:
    """The history of ``visits`` visits, made once: an existing one is reused."""
    from django.db import transaction
    from django.utils import timezone

    from waypoint.core.models import Network, Program
    from waypoint.core.scoping import scopes_disabled
    from waypoint.encounters.models import Encounter, EncounterItem

    end = end or last_quarter_end(timezone.localdate())
    start = dt.date(end.year - years, end.month, end.day) + dt.timedelta(days=1)
    with scopes_disabled():
        network, _ = Network.objects.get_or_create(
            slug=NETWORK_SLUG,
            defaults={"name": f"Reports benchmark network (not real), version {VERSION}"},
        )
        existing = list(
            Program.objects.filter(network=network).order_by("slug").values_list("pk", flat=True)
        )
        if existing:
            have = Encounter.unscoped.filter(program__network=network).count()
            if have != visits or not network.name.endswith(f"version {VERSION}"):
                raise SystemExit(
                    f"the benchmark network holds {have} visits ({network.name}), not "
                    f"{visits} of version {VERSION}: use a fresh database"
                )
            log(f"reusing {have} visits")
            lines = EncounterItem.unscoped.filter(encounter__program__network=network).count()
            return History(network.pk, existing, start, end, have, lines)
        rng = random.Random(seed)
        weights = [1 / (rank + 1) ** 0.8 for rank in range(programs)]
        sizes = [int(visits * w / sum(weights)) for w in weights]
        sizes[0] += visits - sum(sizes)
        writer = Writer()
        codes: list[str] = []  # codes of the previous program, for people at two programs
        ids, items = [], 0
        started = time.monotonic()
        for index, size in enumerate(sizes):
            with transaction.atomic():
                program = Program.objects.create(
                    network=network,
                    slug=f"bench-reports-{index:02d}",
                    name=f"Program {index + 1:02d}",
                )
                maker = ProgramHistory(program, index, rng, start, end, writer)
                codes = maker.participants(max(5, size // 28), codes)
                items += maker.visits(size)
            ids.append(program.pk)
            log(
                f"program {index + 1}/{programs}: {size} visits ({time.monotonic() - started:.0f} s)"
            )
        writer.finish()
    return History(network.pk, ids, start, end, visits, items)


class Writer:
    """Appends rows with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.next_ids: dict = {}
        self.models: set = set()
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = off")

    def ids(self, model, count: int) -> range:
        if model not in self.next_ids:
            from django.db.models import Max

            self.next_ids[model] = (model.unscoped.aggregate(top=Max("pk"))["top"] or 0) + 1
        first = self.next_ids[model]
        self.next_ids[model] = first + count
        self.models.add(model)
        return range(first, first + count)

    def write(self, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert ``rows``; columns not named get their field's default (the database
        has none of its own)."""
        if not rows:
            return
        table = model._meta.db_table
        rest = [
            f
            for f in model._meta.concrete_fields
            if f.column not in columns and not f.null and not f.primary_key
        ]
        defaults = tuple(f.get_default() for f in rest)
        columns = (*columns, *(f.column for f in rest))
        rows = [(*row, *defaults) for row in rows]
        fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
        quoted = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(
                            [json.dumps(v) if isinstance(v, dict | list) else v for v in row]
                        )
                return
            prepared = [
                [f.get_db_prep_save(v, self.connection) for f, v in zip(fields, row, strict=True)]
                for row in rows
            ]
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", prepared)

    def finish(self) -> None:
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), list(self.models)):
                cursor.execute(sql)
            if self.postgres:
                cursor.execute("ANALYZE")


class ProgramHistory:
    """One program's sites, catalog, participants and visits."""

    def __init__(self, program, index: int, rng: random.Random, start, end, writer: Writer):
        from django.utils import timezone

        from waypoint.core.models import Site
        from waypoint.demo.catalog import seed_catalog

        self.program, self.rng, self.writer = program, rng, writer
        self.start, self.end = start, end
        self.zone = timezone.get_default_timezone()
        self.sites = [
            Site.unscoped.create(
                program=program,
                name=f"Site {n + 1}",
                kind=SITE_KINDS[(index + n) % len(SITE_KINDS)],
                city="Cincinnati",
                state="OH",
            )
            for n in range(max(2, 6 - index // 2))
        ]
        self.site_weights = [1 / (n + 1) for n in range(len(self.sites))]
        catalog = {item.name: item for item in seed_catalog(program)}
        self.catalog = [(catalog[name], chance, most) for name, chance, most in GIVEN]
        self.people: list[tuple[int, int, int, float]] = []  # (id, first day, last day, rate)

    def day(self, offset: int) -> dt.date:
        return self.start + dt.timedelta(days=offset)

    def participants(self, count: int, others: list[str]) -> list[str]:
        """Enrol ``count`` people, some under a code of the previous program; return codes."""
        from waypoint.participants.models import Participant

        rng, days = self.rng, (self.end - self.start).days + 1
        ids = self.writer.ids(Participant, count)
        codes: dict[str, None] = {}
        rows, active = [], []
        for n, pk in enumerate(ids):
            code = f"R{self.program.pk:03d}{n:06d}"
            if others and rng.random() < 0.08:
                shared = rng.choice(others)
                code = code if shared in codes else shared
            codes[code] = None
            first = rng.randint(-200, days - 1)
            last = min(days - 1, first + int(rng.expovariate(1 / 500)))
            rate = min(rng.paretovariate(1.3), 40.0)
            # A duplicate merged into an earlier record; its old visits stay on it.
            merged = len(active) > 10 and rng.random() < 0.02
            into = rng.choice(active) if merged else None
            if not merged:
                active.append(pk)
            enrolled = dt.datetime.combine(self.day(first), dt.time(9), self.zone)
            rows.append(
                (pk, self.program.pk, code, f"{500000 + pk}", hashlib.sha256(code.encode())
                 .hexdigest(), "merged" if merged else "active", into, enrolled,
                 enrolled if merged else None)
            )  # fmt: skip
            self.people.append((pk, max(first, 0), last, rate if last >= 0 else 0.0))
        self.writer.write(Participant, PARTICIPANT_COLUMNS, rows)
        return list(codes)

    def visits(self, count: int) -> int:
        """Write ``count`` visits; return the number of item lines."""
        rng = self.rng
        identified = count * (1 - ANONYMOUS)
        spans = [(pk, a, b, rate * (b - a + 1)) for pk, a, b, rate in self.people if b >= a]
        scale = identified / sum(weight for *_, weight in spans)
        stubs: list[tuple[int, int | None]] = []
        for pk, first, last, weight in spans:
            expected = weight * scale
            n = int(expected) + (rng.random() < expected - int(expected))
            stubs.extend((rng.randint(first, last), pk) for _ in range(n))
        rng.shuffle(stubs)
        del stubs[count:]
        days = (self.end - self.start).days + 1
        # Anonymous visits lean to later days: programs grow.
        while len(stubs) < count:
            stubs.append((int(days * rng.random() ** 0.85), None))
        lines = 0
        for at in range(0, count, BATCH):
            lines += self.write_batch(stubs[at : at + BATCH])
        return lines

    def write_batch(self, stubs: list[tuple[int, int | None]]) -> int:
        from waypoint.encounters.models import Encounter, EncounterItem, EncounterService
        from waypoint.overdoses.models import OverdoseReport

        rng, writer = self.rng, self.writer
        visits, lines, services, reports = [], [], [], []
        for pk, (offset, person) in zip(writer.ids(Encounter, len(stubs)), stubs, strict=True):
            site = rng.choices(self.sites, self.site_weights)[0]
            modality = site.kind if rng.random() < 0.9 else rng.choice(("outreach", "peer"))
            when = dt.datetime.combine(
                self.day(offset), dt.time(rng.randint(8, 19), rng.randint(0, 59)), self.zone
            )
            given = [
                (item, rng.randint(1, most))
                for item, chance, most in self.catalog
                if rng.random() < chance
            ]
            syringes = sum(item.syringes_per_unit * n for item, n in given)
            doses = sum(item.naloxone_doses_per_unit * n for item, n in given)
            collected, method, detail = self.returns()
            kit = rng.choice(KITS) if doses and rng.random() < 0.3 else ""
            voided = rng.random() < 0.008
            visits.append(
                (pk, self.program.pk, site.pk, person, when, modality,
                 uuid.UUID(int=rng.getrandbits(128)),
                 rng.choice((1, 2, 3)) if rng.random() < 0.1 else 0, syringes, doses, collected,
                 method, detail, kit, when, when + dt.timedelta(hours=1) if voided else None,
                 "entered twice" if voided else "")
            )  # fmt: skip
            lines.extend((pk, item.pk, n) for item, n in given)
            if rng.random() < 0.08:
                services.append((pk, rng.choice(SERVICES)))
            if kit == "used_overdose":
                relationship = rng.choice(("friend", "stranger", "partner_family", "self"))
                reports.append((self.program.pk, site.pk, pk, relationship, when))
        writer.write(Encounter, VISIT_COLUMNS, visits)
        for model, columns, found in (
            (EncounterItem, ("encounter_id", "item_id", "quantity"), lines),
            (EncounterService, ("encounter_id", "service"), services),
            (OverdoseReport, ("program_id", "site_id", "encounter_id", "relationship",
                              "created_at"), reports),
        ):  # fmt: skip
            ids = writer.ids(model, len(found))
            writer.write(
                model, ("id", *columns), [(pk, *r) for pk, r in zip(ids, found, strict=True)]
            )
        return len(lines)

    def returns(self) -> tuple[int, str, dict]:
        """Used syringes brought back: about as many as were given, over all visits."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.28:
            n = rng.randint(1, 60)
            return n, "count", {"count": n}
        if roll < 0.34:
            containers = rng.randint(1, 2)
            return 100 * containers, "container", {"container": "1 quart", "containers": containers}
        if roll < 0.40:
            pounds = round(rng.uniform(0.1, 1.0), 1)
            return round(pounds * 281), "weight", {"pounds": str(pounds)}
        return 0, "", {}


def main() -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--visits", type=int, default=5_000_000)
    parser.add_argument("--programs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/waypoint_bench_reports"
    )
    from .reports_bench import prepare

    prepare()
    history = generate(visits=args.visits, programs=args.programs)
    print(f"{history.visits} visits, {history.items} item lines, {history.start} – {history.end}")


if __name__ == "__main__":
    main()
