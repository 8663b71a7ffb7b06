"""Run the web server (gunicorn) and the task worker (huey) together; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand

from waypoint.core.links import DEFAULT_BIND, browser_address
from waypoint.core.models import Program


class Command(BaseCommand):
    help = "Serve Waypoint: gunicorn + huey worker, stopped together."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("WAYPOINT_BIND", DEFAULT_BIND))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WAYPOINT_WEB_WORKERS", "2"))
        )
        parser.add_argument("--no-worker", action="store_true", help="Web server only.")

    def handle(self, *args, bind, web_workers, no_worker, **options):
        if not Program.objects.exists():
            self.stdout.write(
                "No program is set up yet. To set one up, run in another terminal: make "
                "program (or: python manage.py create_program)."
            )
        python = sys.executable
        commands = [
            [
                python,
                "-m",
                "gunicorn",
                "waypoint.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(web_workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ]
        ]
        if not no_worker:
            # ``python -m django`` finds the settings through DJANGO_SETTINGS_MODULE (set
            # by manage.py), so this works from any folder and from an installed package;
            # the worker count and type come from settings (WAYPOINT_WORKERS).
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
            commands.append([python, "-m", "django", "run_huey"])
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        processes = [subprocess.Popen(cmd) for cmd in commands]
        address = browser_address(bind)
        if address is None:
            self.stdout.write(
                self.style.SUCCESS(f"Waypoint is starting on {bind}; Ctrl-C stops it.")
            )
        elif _answers(address, processes[0], lambda: stopping):
            self.stdout.write(
                self.style.SUCCESS(f"Waypoint is running on {address}/ — Ctrl-C stops it.")
            )
        try:
            while not stopping:
                if any(p.poll() is not None for p in processes):
                    self.stderr.write("A Waypoint process exited; stopping the others.")
                    break
                time.sleep(0.5)
        finally:
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            deadline = time.time() + 15
            for p in processes:
                try:
                    p.wait(timeout=max(0.1, deadline - time.time()))
                except subprocess.TimeoutExpired:
                    p.kill()
        code = max((p.returncode or 0) for p in processes)
        if code and not stopping:
            sys.exit(code)


def _answers(address: str, web: subprocess.Popen, stopping, seconds: float = 30) -> bool:
    """Wait until the web server accepts connections at ``address`` (so the address
    printed is one that answers), or it exits (a port already in use), or it is asked
    to stop, or ``seconds`` pass."""
    parts = urlsplit(address)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and web.poll() is None and not stopping():
        try:
            with socket.create_connection((parts.hostname, parts.port or 80), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False
