"""Benchmark environment: an isolated data directory and database, on this machine only.

Every benchmark talks to 127.0.0.1 (the database, gunicorn) and nothing else, and
every load loop stops at a request count or a deadline, whichever comes first.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", Path(tempfile.gettempdir()) / "waypoint-bench"))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/waypoint_win_bench"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def database_url(kind: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{DATA_DIR / 'sqlite' / 'bench.sqlite3'}"
    if kind != "postgres":
        raise SystemExit(f"unknown database {kind!r}: use sqlite or postgres")
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    if urlsplit(url).hostname not in LOCAL_HOSTS:
        raise SystemExit("benchmarks only run against a database on 127.0.0.1")
    return url


def environment(kind: str) -> dict[str, str]:
    """The variables Waypoint reads, pointed at the benchmark's own database and files."""
    data = DATA_DIR / kind
    data.mkdir(parents=True, exist_ok=True)
    env = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="waypoint.settings",
        DATABASE_URL=database_url(kind),
        WAYPOINT_SECRET_KEY="benchmark-only-not-a-secret",
        WAYPOINT_SECURE="0",
        WAYPOINT_DEBUG="0",
        WAYPOINT_DATA_DIR=str(data),
        WAYPOINT_STATIC_ROOT=str(data / "static"),
        WAYPOINT_QUEUE_NAME=f"waypoint-bench-{kind}",
        WAYPOINT_LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def setup_django(kind: str) -> None:
    os.environ.update(environment(kind))
    import django

    django.setup()


def create_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(latencies_s: list[float], elapsed_s: float, errors: int) -> dict:
    ms = [value * 1000 for value in latencies_s]
    return {
        "requests": len(ms),
        "errors": errors,
        "seconds": round(elapsed_s, 2),
        "per_second": round(len(ms) / elapsed_s, 1) if elapsed_s else 0.0,
        "p50_ms": round(percentile(ms, 50), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else float("nan"),
    }
