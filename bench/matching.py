"""Duplicate candidates on the enrol page: who is found on coming back, who is offered
wrongly, and how long the lookup takes, per code recipe and kind of slip.

    python -m bench.matching --db postgres --label after
    python -m bench.matching --db sqlite --people 1000 --returns 100 --large 0   # a quick look

For each recipe, a program enrols ``--people`` made-up people (``bench/matching_people.py``)
through the enrol service, as a peer would: a code already taken is enrolled with a suffix
letter when the recipe has suffixes, otherwise that person cannot be enrolled. Then
``--returns`` enrolled people per kind of slip come back and their answers are posted to
the enrol page's live candidate check (``/participants/enrol/candidates/``, the real view
with a signed-in peer); the records it lists are read from the page. ``--returns`` people
never enrolled are posted too: any record listed for them is a false candidate.

With ``--large N`` (default 50,000) the default recipe is also enrolled N times and the
lookup is timed: the page request, and ``matching.find_candidates`` called as the view
calls it; query counts come from a separate pass.

The database is its own (``waypoint_match_bench``, or ``BENCH_DATABASE_URL``) and is made
afresh on every run.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATA_DIR", str(Path(tempfile.gettempdir()) / "waypoint-bench-match"))
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/waypoint_match_bench"
)

from .common import DATA_DIR, database_url, percentile, setup_django  # noqa: E402
from .matching_people import KINDS, TWO_FROM, People  # noqa: E402

RECIPES = (
    ("parents_dob", {}),
    ("gender_year_parents", {}),
    ("surname_gender_day_year", {}),
    ("surname_mother_day_site", {}),
    ("slk581", {}),
    ("custom", {"custom_components": ["given2", "surname2", "day", "month", "year2"]}),
)
# Component key → the person's answer it comes from.
FIELD_OF = {
    "mother2": "mother", "mother1": "mother", "father2": "father", "surname2": "surname",
    "slk_family": "surname", "given2": "given", "slk_given": "given",
    "birth_order": "birth_order", "month": "month", "day": "day", "year4": "year",
    "year2": "year",
}  # fmt: skip
CANDIDATE = re.compile(r'href="/participants/(\d+)/"')


def fresh_database(kind: str) -> None:
    url = database_url(kind)
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        from urllib.parse import urlsplit

        import psycopg

        name = urlsplit(url).path.lstrip("/")
        admin = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    setup_django(kind)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


class Bench:
    """One program with one recipe, its enrolled people and a signed-in peer."""

    def __init__(self, key: str, extra: dict, tag: str):
        from django.contrib.auth import get_user_model
        from django.test import Client

        from waypoint.core.models import Membership, Network, Program, Role, Site, SiteKind
        from waypoint.core.scoping import scopes_disabled
        from waypoint.participants.models import ParticipantSettings

        with scopes_disabled():
            network, _ = Network.objects.get_or_create(slug="bench-match", defaults={"name": "B"})
            self.program = Program.objects.create(
                network=network, slug=f"match-{tag}", name=f"Matching benchmark {tag} (not real)"
            )
            Site.objects.create(program=self.program, name="North", kind=SiteKind.FIXED)
            self.settings = ParticipantSettings.objects.create(
                program=self.program, recipe=key, **extra
            )
            self.user = get_user_model().objects.create(
                email=f"peer-{tag}@bench.invalid", display_name="Benchmark peer"
            )
            Membership.objects.create(user=self.user, program=self.program, role=Role.PEER)
        self.recipe = self.settings.get_recipe()
        self.fields = {FIELD_OF[c.key] for c in self.recipe.components if c.key in FIELD_OF}
        self.client = Client(HTTP_HOST="127.0.0.1")
        self.client.force_login(self.user)
        self.enrolled: list[tuple] = []  # (person, participant id, code built from answers)
        self.codes: set[str] = set()
        self.not_enrolled = 0
        self.suffixed = 0

    def code(self, person) -> tuple[str, list[str]]:
        from waypoint.participants import uic

        built = uic.build_code(self.recipe, person.answers())
        return built.code, built.fallbacks

    def enrol(self, people: list) -> None:
        """Enrol ``people`` through the service, then let PostgreSQL gather statistics
        (as autovacuum would after a bulk of new rows)."""
        from django.db import connection, transaction

        from waypoint.core.scoping import program_scope
        from waypoint.participants import services

        with program_scope(self.program):
            for start in range(0, len(people), 500):
                with transaction.atomic():
                    for person in people[start : start + 500]:
                        self._enrol_one(services, person)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _enrol_one(self, services, person) -> None:
        code, fallbacks = self.code(person)
        try:
            row = services.enrol_participant(
                self.program, actor=self.user, code=code, fallback_parts=fallbacks
            )
        except services.DuplicateCode:
            if not self.recipe.suffixes:
                self.not_enrolled += 1
                return
            try:
                row = services.enrol_participant(
                    self.program,
                    actor=self.user,
                    code=code,
                    fallback_parts=fallbacks,
                    different_person=True,
                )
            except services.ParticipantError:
                self.not_enrolled += 1
                return
            self.suffixed += 1
        self.enrolled.append((person, row.pk, code))
        self.codes.add(code)

    def post(self, person) -> list[int]:
        """The records the enrol page lists for the person's answers, in its order."""
        keys = {c.key for c in self.recipe.components} | {"initials"}
        keys |= {f"{k}_unknown" for k in keys}
        data = {k: v for k, v in person.answers().items() if k in keys}
        response = self.client.post("/participants/enrol/candidates/", data)
        assert response.status_code == 200, response.status_code
        return list(dict.fromkeys(int(pk) for pk in CANDIDATE.findall(response.content.decode())))


def drifted(bench: Bench, people: People, kind: str, attempts: int = 400):
    """An enrolled person and their answers after a slip of ``kind`` that changes the code
    (a slip that makes an answer impossible, such as the year 1899, is drawn again)."""
    from waypoint.participants.uic import AnswerError

    for _attempt in range(attempts):
        try:
            drawn = _drift_once(bench, people, kind)
        except AnswerError:
            continue
        if drawn is not None:
            return drawn
    return None


def _drift_once(bench: Bench, people: People, kind: str):
    person, pk, code = people.rng.choice(bench.enrolled)
    if kind == "two":
        first, second = people.rng.sample(TWO_FROM, 2)
        once = people.slip(person, first, bench.fields)
        if once is None or bench.code(once)[0] == code:
            return None
        twice = people.slip(once, second, bench.fields)
        if twice is None or bench.code(twice)[0] in (code, bench.code(once)[0]):
            return None
        return pk, twice
    back = people.slip(person, kind, bench.fields)
    if back is None:
        return None
    if (kind == "identical") == (bench.code(back)[0] == code):
        return pk, back
    return None


def recall(bench: Bench, people: People, returns: int) -> dict:
    rows = {}
    for kind in KINDS:
        found = first = tried = 0
        for _n in range(returns):
            drawn = drifted(bench, people, kind)
            if drawn is None:
                break
            pk, back = drawn
            listed = bench.post(back)
            tried += 1
            found += pk in listed
            first += bool(listed) and listed[0] == pk
        if tried:
            rows[kind] = {"n": tried, "among": found / tried, "top": first / tried}
    new = [people.person() for _n in range(returns)]
    offered = sum(bool(bench.post(p)) for p in new)
    taken = sum(bench.code(p)[0] in bench.codes for p in new)
    rows["new"] = {"n": len(new), "false_candidates": offered / len(new), "taken": taken / len(new)}
    return rows


def timing(bench: Bench, people: People, lookups: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from waypoint.core.scoping import program_scope
    from waypoint.participants import matching, uic

    accepts_answers = "answers" in inspect.signature(matching.find_candidates).parameters
    samples = []
    for n in range(lookups):
        drawn = drifted(bench, people, KINDS[n % len(KINDS)])
        samples.append(drawn[1])

    def lookup(person):
        answers = person.answers()
        built = uic.build_code(bench.recipe, answers, partial=True)
        extra = {"answers": answers} if accepts_answers else {}
        with program_scope(bench.program):
            return matching.find_candidates(
                bench.program,
                bench.recipe,
                built.code,
                fallbacks=built.fallbacks,
                initials=answers["initials"],
                complete=built.complete,
                **extra,
            )

    result = {}
    for name, call in (("find_candidates", lookup), ("page", bench.post)):
        for person in samples[:10]:
            call(person)  # warm caches and connections
        times = []
        for person in samples:
            started = time.perf_counter()
            call(person)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            call(samples[0])
        result[name] = {
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2),
            "queries": len(queries.captured_queries),
        }
    return result


def nickname_coverage() -> dict:
    """How many of the benchmark's own nickname pairs change a first name's two code
    letters, and how many of those the product recognises (none known before it had a
    nickname table)."""
    from waypoint.participants import uic

    from .matching_names import NICKNAMES

    try:
        from waypoint.participants import drift
    except ImportError:
        drift = None
    part = uic.CATALOG["given2"]
    changed = known = 0
    for formal, familiar in NICKNAMES.items():
        for short in familiar:
            a, b = uic.letters_only(formal)[:2], uic.letters_only(short)[:2]
            if a == b:
                continue
            changed += 1
            if drift is not None:
                known += b in drift.alternatives(part, formal) or a in drift.alternatives(
                    part, short
                )
    return {"changed": changed, "known": known}


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def markdown(kind: str, args, results: dict) -> str:
    lines = [f"### {kind} ({args.label})", ""]
    header = "| recipe | " + " | ".join(KINDS) + " | new: false candidates | new: code taken |"
    for what in ("among", "top"):
        title = "among the candidates" if what == "among" else "as the first candidate"
        lines += [f"Returning people found {title} ({args.returns} per kind):", ""]
        lines += [header, "|---|" + "---:|" * (len(KINDS) + 2)]
        for recipe, rows in results["recipes"].items():
            cells = [_pct(rows[k][what]) if k in rows else "–" for k in KINDS]
            new = rows["new"]
            lines.append(
                f"| {recipe} | "
                + " | ".join(cells)
                + f" | {_pct(new['false_candidates'])} | {_pct(new['taken'])} |"
            )
        lines.append("")
    if "nicknames" in results:
        cover = results["nicknames"]
        lines += [
            f"Nickname pairs of the benchmark that change a first name's two letters: "
            f"{cover['changed']}, recognised by the product: {cover['known']}.",
            "",
        ]
    lines += ["Population: enrolled, with a suffix letter, could not be enrolled:", ""]
    lines += ["| recipe | enrolled | suffix | not enrolled |", "|---|---:|---:|---:|"]
    for recipe, pop in results["population"].items():
        lines.append(f"| {recipe} | {pop['enrolled']} | {pop['suffixed']} | {pop['not']} |")
    if results.get("large"):
        large = results["large"]
        lines += ["", f"Default recipe, {large['people']:,} participants:", ""]
        lines += ["| what | median ms | p95 ms | max ms | queries |", "|---|---:|---:|---:|---:|"]
        for name, row in large["timing"].items():
            lines.append(
                f"| {name} | {row['median_ms']} | {row['p95_ms']} | {row['max_ms']} "
                f"| {row['queries']} |"
            )
        cells = " · ".join(
            f"{k} {_pct(v['among'])}/{_pct(v['top'])}"
            for k, v in large["recall"].items()
            if k != "new"
        )
        new = large["recall"]["new"]
        lines += [
            "",
            f"Found among / first ({large['returns']} per kind): {cells}; "
            f"new people with a false candidate {_pct(new['false_candidates'])}.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--returns", type=int, default=500)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--large-returns", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--recipes", nargs="*", default=[key for key, _ in RECIPES])
    parser.add_argument("--label", default="run")
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()

    fresh_database(args.db)
    results: dict = {"recipes": {}, "population": {}, "nicknames": nickname_coverage()}
    for number, (key, extra) in enumerate(RECIPES):
        if key not in args.recipes:
            continue
        started = time.monotonic()
        people = People(seed=args.seed + number)
        bench = Bench(key, extra, tag=key)
        bench.enrol([people.person() for _n in range(args.people)])
        results["population"][key] = {
            "enrolled": len(bench.enrolled),
            "suffixed": bench.suffixed,
            "not": bench.not_enrolled,
        }
        results["recipes"][key] = recall(bench, people, args.returns)
        print(f"{key}: {time.monotonic() - started:.0f} s", flush=True)
    if args.large:
        started = time.monotonic()
        people = People(seed=args.seed + 100)
        bench = Bench("parents_dob", {}, tag="large")
        bench.enrol([people.person() for _n in range(args.large)])
        results["large"] = {
            "people": len(bench.enrolled),
            "returns": args.large_returns,
            "timing": timing(bench, people, args.lookups),
            "recall": recall(bench, people, args.large_returns),
        }
        print(f"large: {time.monotonic() - started:.0f} s", flush=True)
    print(markdown(args.db, args, results))
    out = DATA_DIR / f"matching-{args.db}-{args.label}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"raw figures: {out}")


if __name__ == "__main__":
    main()
