"""Sending a text message through a small, swappable backend.

``settings.SMS_BACKEND`` names it: ``console`` (the default: printed to the server's
output), ``file`` (appended to ``SMS_FILE_PATH``, default ``<data dir>/sms.log``), or the
dotted path of a class with a ``send(to, body)`` method (a Twilio-compatible HTTP backend,
for instance). Set from ``WAYPOINT_SMS_BACKEND``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

MAX_LENGTH = 320  # two SMS segments


class SmsBackend(Protocol):
    def send(self, to: str, body: str) -> None: ...


class ConsoleBackend:
    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}: {body}\n")
        sys.stdout.flush()


class FileBackend:
    def __init__(self, path: str | Path | None = None):
        default = Path(getattr(settings, "DATA_DIR", ".")) / "sms.log"
        self.path = Path(path or getattr(settings, "SMS_FILE_PATH", "") or default)

    def send(self, to: str, body: str) -> None:
        line = json.dumps({"at": timezone.now().isoformat(), "to": to, "body": body})
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


BACKENDS = {"console": ConsoleBackend, "file": FileBackend}


def get_backend() -> SmsBackend:
    name = getattr(settings, "SMS_BACKEND", "console") or "console"
    backend = BACKENDS.get(name) or import_string(name)
    return backend()


def send_sms(to: str, body: str) -> None:
    """Send ``body`` (cut to two segments) to one number."""
    text = body if len(body) <= MAX_LENGTH else body[: MAX_LENGTH - 1] + "…"
    get_backend().send(to, text)
