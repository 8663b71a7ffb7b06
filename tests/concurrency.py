"""Real concurrency against PostgreSQL: threads, each with its own connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

# Row locks under real concurrency are what these tests check; SQLite serializes writers.
requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (row locks under real concurrency)"
)


def run_threads(count: int, work) -> list[BaseException]:
    """Start ``count`` threads together at a barrier, each running ``work(n)``.

    Returns the exceptions raised in the threads; each thread closes its own database
    connection when done.
    """
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def target(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(n)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return errors
