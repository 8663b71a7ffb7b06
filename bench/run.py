"""Run the benchmarks on one database and print a Markdown report.

    python -m bench.run --db postgres            # full size: 5,000 participants, 500,000 visits
    python -m bench.run --db sqlite --visits 50000 --seconds 5   # a quick look

(a) Visit create through the HTTP API under gunicorn, with 16 and 64 concurrent clients,
    beside the same write transaction in raw SQL on the same database in the same run.
(b) The window page's server time and query count.

Only 127.0.0.1 is contacted; each phase stops at its request count or deadline.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from .common import (
    DATA_DIR,
    ROOT,
    create_postgres_database,
    database_url,
    environment,
    setup_django,
)


def prepare(kind: str) -> None:
    if kind == "postgres":
        create_postgres_database(database_url(kind))
    setup_django(kind)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn on 127.0.0.1 with the production settings, as `manage.py serve` starts it."""

    def __init__(self, kind: str, *, workers: int, threads: int, worker_class: str):
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "waypoint.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--keep-alive",
            "10",
            "--log-level",
            "warning",
            "--backlog",
            "256",
        ]
        self.process = subprocess.Popen(
            command, env=environment(kind), cwd=ROOT, start_new_session=True
        )

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not start within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def bench_visit_create(kind: str, data, args) -> list[dict]:
    from .load import api_client, run_clients
    from .raw_visit import Database, raw_client

    rows = []
    bounds = {"seconds": args.seconds, "warmup": args.warmup, "max_requests": args.max_requests}
    for clients in args.clients:
        with Gunicorn(
            kind, workers=args.workers, threads=args.threads, worker_class=args.worker_class
        ) as server:
            api = run_clients(clients, api_client(server.port, data), **bounds)
        rows.append({"what": "API (gunicorn)", "clients": clients, **api})
        db = Database(database_url(kind))
        for reads in () if "raw" in args.skip else (False, True):
            opened: list = []
            raw = run_clients(clients, raw_client(db, data, reads=reads, opened=opened), **bounds)
            for conn in opened:
                conn.close()
            label = "raw SQL, transaction + the API's reads" if reads else "raw SQL, transaction"
            rows.append({"what": label, "clients": clients, **raw})
    return rows


def markdown(kind: str, create_rows: list[dict], page_rows: list[dict], args) -> str:
    lines = [f"### {kind}", ""]
    if create_rows:
        lines += [
            f"(a) visit create — gunicorn {args.worker_class}, {args.workers} workers × {args.threads} threads; "
            f"{args.warmup:g} s warm-up, {args.seconds:g} s measured per row",
            "",
            "| what | clients | req/s | p50 ms | p99 ms | errors | API ÷ this |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for clients in args.clients:
            same = [r for r in create_rows if r["clients"] == clients]
            api = next(r for r in same if r["what"].startswith("API"))
            for r in same:
                ratio = api["per_second"] / r["per_second"] if r["per_second"] else float("nan")
                lines.append(
                    f"| {r['what']} | {clients} | {r['per_second']} | {r['p50_ms']} | {r['p99_ms']} | "
                    f"{r['errors']} | {ratio:.2f} |"
                )
        lines.append("")
    if page_rows:
        lines += [
            f"(b) window page — {page_rows[0]['participants']:,} participants, "
            f"{page_rows[0]['visits_in_db']:,} visits; {page_rows[0]['requests']} requests per row",
            "",
            "| page | median ms | p95 ms | max ms | queries |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['page']} | {r['median_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['queries']} |"
            for r in page_rows
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=500_000)
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per row")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--max-requests", type=int, default=20_000, help="per client, per row")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="sync")
    parser.add_argument("--page-requests", type=int, default=200)
    parser.add_argument("--skip", choices=["create", "page", "raw"], action="append", default=[])
    args = parser.parse_args()

    prepare(args.db)
    from .datagen import generate
    from .window_page import measure

    data = generate(participants=args.participants, visits=args.visits)
    from django.db import connections

    page_rows = [] if "page" in args.skip else measure(data, requests=args.page_requests)
    connections.close_all()
    create_rows = [] if "create" in args.skip else bench_visit_create(args.db, data, args)
    report = markdown(args.db, create_rows, page_rows, args)
    print(report)
    out = DATA_DIR / f"results-{args.db}.json"
    out.write_text(json.dumps({"create": create_rows, "page": page_rows}, indent=2))
    print(f"raw figures: {out}")


if __name__ == "__main__":
    main()
