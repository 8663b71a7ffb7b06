"""Quarterly state reports over a large history, from the daily rollups, beside the best
hand-written SQL for the same figures in the same run.

    python -m bench.reports_history --visits 5000000   # once: 5 M visits, about 15 M lines
    python -m bench.reports_bench --visits 5000000      # rollups, check, timings

Builds the rollups if they are not built (``rebuild_rollups``), checks them against the
raw visits (``verify_rollups``), then times, in turns, each report and each piece of
hand-written SQL (``bench/reports_sql.py``) giving the same figures: the Utah quarterly
report for the largest program (the page, as a viewer sees it) and for the whole network
(built in-process: no page shows a state form for a network), and the network summary
page as an analyst sees it. Uses its own database (``waypoint_bench_reports`` on the
local PostgreSQL unless ``BENCH_DATABASE_URL`` says otherwise) and data directory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

# Set before bench.common reads them: this benchmark never shares another's files or database.
os.environ.setdefault("BENCH_DATA_DIR", str(Path(tempfile.gettempdir()) / "waypoint-bench-reports"))
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/waypoint_bench_reports"
)

from .common import DATA_DIR, create_postgres_database, database_url, setup_django  # noqa: E402


def prepare() -> None:
    create_postgres_database(database_url("postgres"))
    setup_django("postgres")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def build_rollups(log, *, check: bool = True) -> dict:
    """Rebuild the rollups if some program has none; then check them. Seconds taken."""
    from django.core.management import call_command
    from django.db import connection

    from waypoint.core.scoping import scopes_disabled
    from waypoint.encounters.rollups import rebuild

    found = {}
    with scopes_disabled():
        if rebuild.unready():
            started = time.monotonic()
            call_command("rebuild_rollups")
            found["rebuild_s"] = round(time.monotonic() - started, 1)
            started = time.monotonic()
            with connection.cursor() as cursor:  # compact, in the order just written
                cursor.execute(
                    "VACUUM (FULL, ANALYZE) reports_dailyrollup, reports_dailyitemrollup, "
                    "reports_dailyservicerollup, reports_participantday, reports_networkkey"
                )
            found["vacuum_s"] = round(time.monotonic() - started, 1)
        if check:
            started = time.monotonic()
            differences = rebuild.differences()
            found["check_s"] = round(time.monotonic() - started, 1)
            found["check_differences"] = len(differences)
    log(f"rollups: {found}")
    return found


def clients(history):
    """A viewer of the largest program and an analyst of the network, logged in."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from waypoint.core.models import Membership, NetworkAnalyst, Role
    from waypoint.core.scoping import scopes_disabled

    with scopes_disabled():
        return _clients(history, get_user_model().objects, Membership, NetworkAnalyst, Role, Client)


def _clients(history, users, Membership, NetworkAnalyst, Role, Client):  # noqa: N803
    viewer, _ = users.get_or_create(email="bench-viewer@bench.invalid")
    Membership.objects.get_or_create(
        user=viewer, program_id=history.program_ids[0], defaults={"role": Role.VIEWER}
    )
    analyst, _ = users.get_or_create(email="bench-analyst@bench.invalid")
    NetworkAnalyst.objects.get_or_create(user=analyst, network_id=history.network_id)
    found = []
    for user in (viewer, analyst):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        found.append(client)
    return found


def figures(result) -> dict:
    """{item number: value} of a report's numbered lines."""
    return {
        row.number: row.cells[0].value
        for section in result.sections
        for table in section.tables
        for row in table.rows
        if row.number
    }


# The Utah figures the hand-written SQL gives, in its order (``reports_sql.raw_utah``).
UTAH_FIGURES = (
    "unique_people",
    "anonymous_visits",
    "syringes_collected",
    "syringes_collected_estimated",
    "syringes_given",
    "education_materials",
)


def line_figures(template, result, keys) -> tuple:
    """The values of the template's lines that show the indicators ``keys``, in that
    order: found by each line's number and label, so they include supporting lines,
    which have no number."""
    from waypoint.reports.definitions.base import Items

    lines = {
        line.indicator: (line.number, str(line.label))
        for section in template.sections
        for part in section.parts
        if isinstance(part, Items)
        for line in part.lines
    }
    rows = {
        (row.number, row.label): row.cells[0].value
        for table in result.tables()
        for row in table.rows
    }
    return tuple(rows[lines[key]] for key in keys)


def scenarios(history, period):
    """[(name, ours, {hand-written name: function}, same figures?)]."""
    from django.core.exceptions import ImproperlyConfigured

    from waypoint.core.models import Network, Program
    from waypoint.core.scoping import program_scope, scopes_disabled
    from waypoint.reports.compose import build_report
    from waypoint.reports.definitions import TEMPLATES
    from waypoint.reports.period import Scope

    from . import reports_sql as sql

    with scopes_disabled():
        program = Program.objects.get(pk=history.program_ids[0])
        network = Network.objects.get(pk=history.network_id)
        names = dict(Program.objects.filter(network=network).values_list("name", "pk"))
    viewer, analyst = clients(history)
    dates = f"start={period.start}&end={period.end}"
    utah, summary = TEMPLATES["utah"], TEMPLATES["network"]

    def page(client, url):
        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise ImproperlyConfigured(f"{url}: {response.status_code}")
            return response

        return get

    def exact(template, scope):
        with program_scope(program), scope.opened():
            return build_report(template, period, scope, suppressed=False)

    def network_utah():
        with scope_of_network.opened():
            return build_report(utah, period, scope_of_network, suppressed=True)

    scope_of_network = Scope.of_network(network)
    period_days = (period.start, period.end)
    found = []
    ours = exact(utah, Scope.of_program(program))
    want = line_figures(utah, ours, UTAH_FIGURES)
    found.append(
        (
            "Utah quarterly report, one program (page)",
            page(viewer, f"/reports/utah/?{dates}"),
            {
                "raw visits": lambda: sql.raw_utah(program.pk, *period_days, network=False),
                "rollups": lambda: sql.rolled_utah(program.pk, *period_days, network=False),
                "rollups, a statement per table": lambda: sql.rolled_utah_apart(
                    program.pk, *period_days, network=False
                ),
            },
            want,
        )
    )
    ours = exact(utah, scope_of_network)
    want = line_figures(utah, ours, UTAH_FIGURES)
    found.append(
        (
            "Utah quarterly report, whole network (build_report)",
            network_utah,
            {
                "raw visits": lambda: sql.raw_utah(network.pk, *period_days, network=True),
                "rollups": lambda: sql.rolled_utah(network.pk, *period_days, network=True),
                "rollups, a statement per table": lambda: sql.rolled_utah_apart(
                    network.pk, *period_days, network=True
                ),
            },
            want,
        )
    )
    ours = exact(summary, scope_of_network)
    totals = figures(ours)
    by_program = {
        names[row.label]: tuple(c.value for c in row.cells)
        for row in ours.sections[1].tables[0].rows
        if not row.is_total
    }
    want = {
        None: tuple(totals[n] for n in ("1.3", "1.4", "1.5", "1.6", "1.1", "1.2", "1.7")),
        **{pk: (v[0], v[2], None, v[4], v[1], 0, 0) for pk, v in by_program.items()},
    }
    found.append(
        (
            "Network summary, whole network (page)",
            page(analyst, f"/reports/network/network/?{dates}&network={network.pk}"),
            {
                "raw visits": lambda: sql.raw_summary(network.pk, *period_days),
                "rollups": lambda: sql.rolled_summary(network.pk, *period_days),
            },
            want,
        )
    )
    return found


def same(found, want) -> bool:
    if isinstance(want, dict):  # per program: collected is not in the by-program table
        return all(
            all(w is None or int(f) == w for f, w in zip(found[k], want[k], strict=True))
            for k in want
        ) and set(found) == set(want)
    return tuple(int(v or 0) for v in found) == tuple(int(v or 0) for v in want)


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def measure(history, period, runs: int, log) -> list[dict]:
    from waypoint.reports.indicators import sources

    results = []
    for name, ours, hands, want in scenarios(history, period):
        for label, hand in hands.items():
            if not same(hand(), want):
                raise SystemExit(f"{name}: {label} SQL gives {hand()}, the report {want}")
        ours(), [hand() for hand in hands.values()]  # warm caches
        times = {"ours": [], **{label: [] for label in hands}}
        for _ in range(runs):  # in turns, so each sees the same cache
            times["ours"] += timed(ours, 1)
            for label, hand in hands.items():
                times[label] += timed(hand, 1)
        median = {label: statistics.median(values) for label, values in times.items()}
        best = min((m, label) for label, m in median.items() if label != "ours")
        original = sources.rollups_ready
        sources.rollups_ready = lambda scope: False  # the same report from the raw visits
        try:
            raw_path = statistics.median(timed(ours, max(3, runs // 2)))
        finally:
            sources.rollups_ready = original
        row = {
            "report": name,
            "ours_ms": round(median["ours"], 1),
            "ours_max_ms": round(max(times["ours"]), 1),
            "queries": queries(ours),
            **{f"{label}_sql_ms": round(m, 1) for label, m in median.items() if label != "ours"},
            "best_sql": best[1],
            "ratio": round(median["ours"] / best[0], 2),
            "ours_without_rollups_ms": round(raw_path, 1),
            "runs": runs,
        }
        log(json.dumps(row))
        results.append(row)
    return results


def lengths(history, runs: int, log) -> list[dict]:
    """The Utah report (build_report) for periods of 1 day to the whole history, ending
    on the history's last day, from the rollups and from the raw visits."""
    import datetime as dt

    from waypoint.core.models import Network, Program
    from waypoint.core.scoping import program_scope, scopes_disabled
    from waypoint.reports.compose import build_report
    from waypoint.reports.definitions import TEMPLATES
    from waypoint.reports.indicators import sources
    from waypoint.reports.period import Period, Scope

    with scopes_disabled():
        program = Program.objects.get(pk=history.program_ids[0])
        network = Network.objects.get(pk=history.network_id)
    original, found = sources.rollups_ready, []
    for days in (1, 7, 31, 92, 365, (history.end - history.start).days + 1):
        period = Period(history.end - dt.timedelta(days=days - 1), history.end)
        for name, scope in (
            ("program", Scope.of_program(program)),
            ("network", Scope.of_network(network)),
        ):
            row = {"days": days, "scope": name}
            for label, ready in (("rollups_ms", original), ("raw_ms", lambda scope: False)):
                sources.rollups_ready = ready
                try:
                    with program_scope(program):
                        times = timed(
                            lambda: build_report(TEMPLATES["utah"], period, scope, suppressed=True),  # noqa: B023
                            runs,
                        )
                finally:
                    sources.rollups_ready = original
                row[label] = round(statistics.median(times), 1)
            log(json.dumps(row))
            found.append(row)
    return found


def machine() -> str:
    from django.db import connection

    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} vCPU ({cpu}), shared with other test runs; PostgreSQL {version} "
        f"on 127.0.0.1 (shared_buffers {buffers}, work_mem {work_mem}); "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--visits", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-check", action="store_true", help="Skip verifying the rollups.")
    parser.add_argument(
        "--lengths", action="store_true", help="Also time periods from a day to all history."
    )
    args = parser.parse_args()
    prepare()
    from waypoint.reports.period import Period

    from .reports_history import generate

    history = generate(visits=args.visits)
    quarter = Period(history.end.replace(day=1, month=history.end.month - 2), history.end)
    found = {
        "visits": history.visits,
        "items": history.items,
        "quarter": str(quarter),
        "machine": machine(),
        **build_rollups(print, check=not args.no_check),
        "reports": measure(history, quarter, args.runs, print),
    }
    if args.lengths:
        found["lengths"] = lengths(history, 3, print)
    out = DATA_DIR / "reports_bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(found, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
