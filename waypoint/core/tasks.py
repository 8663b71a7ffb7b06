from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

HEARTBEAT_KEY = "waypoint:worker-heartbeat"


@db_periodic_task(crontab(minute="*"))
def task_heartbeat() -> str:
    """Record that a worker is alive; /healthz reports how long ago it last ran."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=None)
    return stamp


@db_task()
def task_echo(value: str) -> str:
    """A no-op round trip, used by operators and tests to check a worker answers."""
    return value
