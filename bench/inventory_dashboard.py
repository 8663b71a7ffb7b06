"""The stock dashboard's server time and query count for 20 sites × 40 items.

    python -m bench.inventory_dashboard --db postgres      # 120 days, 40 visits a site a day
    python -m bench.inventory_dashboard --db sqlite --requests 50   # a quick look

Uses its own data directory and database (``waypoint_inv_bench`` on the local
PostgreSQL unless ``BENCH_DATABASE_URL`` says otherwise). Times are measured in-process
on the real settings, from the request entering Django to the rendered response; query
counts are taken on a separate pass so capturing SQL does not slow the timed one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

# Set before bench.common reads them: this benchmark never shares another's files or database.
os.environ.setdefault(
    "BENCH_DATA_DIR", str(Path(tempfile.gettempdir()) / "waypoint-bench-inventory")
)
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/waypoint_inv_bench")

from .common import DATA_DIR, create_postgres_database, database_url, percentile, setup_django  # noqa: E402

PINNED_QUERIES = 14  # the same as DASHBOARD_QUERIES in tests/supplies/test_dashboard.py


def prepare(kind: str) -> None:
    if kind == "postgres":
        create_postgres_database(database_url(kind))
    setup_django(kind)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def measure(data, *, requests: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from waypoint.core.scoping import scopes_disabled

    with scopes_disabled():
        staff = get_user_model().objects.get(email=data.staff_email)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    session = client.session
    session["waypoint_site_id"] = data.site_ids[0]
    session.save()
    pages = [
        ("stock dashboard, all 20 sites", "/stock/"),
        ("stock dashboard, main site", f"/stock/sites/{data.site_ids[0]}/"),
        ("stock dashboard, a van", f"/stock/sites/{data.site_ids[1]}/"),
        ("expiring lots", "/stock/expiring/"),
    ]
    results = []
    for name, url in pages:
        for _ in range(10):
            assert client.get(url).status_code == 200  # warm caches and connections
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append(
            {
                "page": name,
                "requests": requests,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1),
                "queries": len(queries.captured_queries),
            }
        )
    return results


def markdown(kind: str, data, rows: list[dict], args) -> str:
    lines = [
        f"### {kind}",
        "",
        f"{len(data.site_ids)} sites × {len(data.item_ids)} items, {data.movements:,} ledger rows "
        f"({args.days} days, {args.visits} visits a site a day); {args.requests} requests per row",
        "",
        "| page | median ms | p95 ms | max ms | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['page']} | {r['median_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['queries']} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--visits", type=int, default=40, help="visits a site a day")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    prepare(args.db)
    from .inventory_data import generate

    data = generate(days=args.days, visits_per_site_day=args.visits)
    rows = measure(data, requests=args.requests)
    print(markdown(args.db, data, rows, args))
    dashboard = rows[0]
    verdict = (
        "ok"
        if dashboard["median_ms"] <= 50 and dashboard["queries"] == PINNED_QUERIES
        else "MISSED"
    )
    print(f"target: median ≤ 50 ms and {PINNED_QUERIES} queries for all 20 sites — {verdict}")
    out = DATA_DIR / f"inventory-results-{args.db}.json"
    out.write_text(json.dumps(rows, indent=2))
    print(f"raw figures: {out}")


if __name__ == "__main__":
    main()
