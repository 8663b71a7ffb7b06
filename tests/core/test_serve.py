"""``manage.py serve`` — what ``make run`` starts — for real: gunicorn answers over HTTP,
the huey worker it starts runs tasks from the same queue, and Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def instance(tmp_path):
    """A fresh data folder (embedded SQLite database and queue) set up as ``make run`` and
    docs/deploy.md do — ``migrate`` (which also creates the cache table) and
    ``collectstatic`` — from another working directory than the source tree."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL"} and not k.startswith("WAYPOINT_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="waypoint.settings",
        WAYPOINT_DATA_DIR=str(tmp_path),
        WAYPOINT_SECRET_KEY="serve-test-" + "x" * 40,
        WAYPOINT_SECURE="0",
        WAYPOINT_WORKERS="3",
        PYTHONPATH=str(ROOT),
    )
    for step in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [sys.executable, "-m", "django", *step], env=env, cwd=tmp_path, check=True, timeout=300
        )
    return env, tmp_path


def test_serve_runs_web_and_worker_and_stops_both(instance):
    env, folder = instance
    port = free_port()
    log = open(folder / "serve.log", "wb")  # a file: a full pipe would stall the server
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:

        def login_page():
            try:
                url = f"http://127.0.0.1:{port}/accounts/login/"
                with urllib.request.urlopen(url, timeout=10) as r:
                    return r.status
            except urllib.error.HTTPError as error:
                return error.code
            except OSError:
                return None

        status = wait_for(login_page, 60)
        assert status == 200, (folder / "serve.log").read_text(errors="replace")[-3000:]

        # A task enqueued by another process is run by serve's worker.
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from waypoint.core.tasks import task_echo; "
                "print(task_echo('still here').get(blocking=True, timeout=60))",
            ],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert probe.stdout.strip() == "still here", probe.stderr
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
    output = (folder / "serve.log").read_text(errors="replace")
    assert server.returncode == 0, output[-3000:]
    # The address printed is the one that answered, once the web server was up.
    assert f"Waypoint is running on http://127.0.0.1:{port}/" in output
    assert "No program is set up yet" in output and "make program" in output
    # Each worker line once: the worker's logger has one handler (not its own and root's).
    assert output.count("Huey consumer started with 3 thread") == 1  # WAYPOINT_WORKERS
    # Nothing of it is left listening.
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize(
    ("bind", "address"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("0.0.0.0:9000", "http://127.0.0.1:9000"),
        ("[::]:8001", "http://127.0.0.1:8001"),
        ("[::1]:8002", "http://[::1]:8002"),
        ("localhost", "http://localhost:8000"),
        ("example.org:80", "http://example.org"),
        ("unix:/run/waypoint.sock", None),
    ],
)
def test_the_address_printed_for_a_bind(bind, address):
    from waypoint.core.links import browser_address

    assert browser_address(bind) == address


def test_the_heartbeat_stays_out_of_the_worker_log():
    import logging

    from waypoint.core.logs import QuietHeartbeat

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("huey", logging.INFO, __file__, 1, message, (), None)

    quiet = QuietHeartbeat()
    assert not quiet.filter(record("Executing waypoint.core.tasks.task_heartbeat: 1f2e"))
    assert quiet.filter(record("Executing waypoint.exports.tasks.task_run_export: 1f2e"))
