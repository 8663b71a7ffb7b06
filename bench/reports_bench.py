"""Quarterly state reports over a large history, from the daily rollups, beside the best
hand-written SQL for the same figures in the same run.

    python -m bench.reports_history --visits 5000000   # once: 5 M visits, about 15 M lines
    python -m bench.reports_bench                       # rollups, check, timings

Uses its own database (``waypoint_bench_reports`` on the local PostgreSQL unless
``BENCH_DATABASE_URL`` says otherwise) and data directory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Set before bench.common reads them: this benchmark never shares another's files or database.
os.environ.setdefault("BENCH_DATA_DIR", str(Path(tempfile.gettempdir()) / "waypoint-bench-reports"))
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/waypoint_bench_reports"
)

from .common import create_postgres_database, database_url, setup_django  # noqa: E402


def prepare() -> None:
    create_postgres_database(database_url("postgres"))
    setup_django("postgres")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
