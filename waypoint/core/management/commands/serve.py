"""Run the web server (gunicorn) and the task worker (huey) together; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Waypoint: gunicorn + huey worker, stopped together."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("WAYPOINT_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WAYPOINT_WEB_WORKERS", "2"))
        )
        parser.add_argument("--no-worker", action="store_true", help="Web server only.")

    def handle(self, *args, bind, web_workers, no_worker, **options):
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
        processes = [subprocess.Popen(cmd) for cmd in commands]
        self.stdout.write(
            self.style.SUCCESS(f"Waypoint is running on http://{bind}/ — Ctrl-C stops it.")
        )
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
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
