"""/healthz: what load balancers and monitoring read. It checks the real database and the
real task-queue storage, and says 503 when either cannot be reached."""

from __future__ import annotations

import socket

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

from waypoint.core.tasks import HEARTBEAT_KEY, task_heartbeat


@pytest.fixture
def real_queue():
    """The configured queue storage instead of the in-memory one tests use by default."""
    HUEY.immediate = False  # recreates the configured storage
    yield HUEY
    HUEY.immediate = True


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_queue(real_queue, tmp_path):
    """The configured kind of storage, pointed where nothing answers."""
    configured = real_queue.storage
    if isinstance(configured, RedisStorage):
        url = f"redis://127.0.0.1:{_closed_port()}/0"
        real_queue.storage = type(configured)(real_queue.name, url=url)
    else:
        assert isinstance(configured, SqliteStorage)
        missing = tmp_path / "no-such-directory" / "tasks.sqlite3"
        real_queue.storage = SqliteStorage(
            real_queue.name, filename=str(missing), create_tables=False
        )
    yield real_queue
    real_queue.storage = configured


def test_healthy_app_reports_database_and_queue_ok(db, real_queue):
    expected = RedisStorage if settings.REDIS_URL else SqliteStorage
    assert isinstance(real_queue.storage, expected)

    response = Client().get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["queue"]) == ("ok", "ok", "ok")
    assert "no-cache" in response["Cache-Control"]


def test_unreachable_queue_gives_503(db, unreachable_queue):
    response = Client().get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["queue"].startswith("error: ")


def test_worker_heartbeat_is_reported(db):
    cache.delete(HEARTBEAT_KEY)
    assert Client().get("/healthz").json()["worker_last_seen"] is None
    stamp = task_heartbeat.call_local()
    assert Client().get("/healthz").json()["worker_last_seen"] == stamp


def test_healthz_needs_no_sign_in_and_only_answers_get(db):
    assert Client().get("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405
