"""Logging helpers named by ``settings.LOGGING``. Nothing here imports Django models:
logging is configured before the apps are ready."""

from __future__ import annotations

import logging


class QuietHeartbeat(logging.Filter):
    """Drop the worker's lines about its once-a-minute heartbeat task: they tell an
    operator nothing (``/healthz`` reports the heartbeat) and bury the lines that do."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "task_heartbeat" not in record.getMessage()
