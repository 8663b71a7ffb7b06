"""Scheduled stock work: the daily digest, one task per program."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from waypoint.core.models import Program
from waypoint.core.scoping import program_scope

from .services.alerts import send_digest


@db_periodic_task(crontab(hour="6", minute="45"))
def task_stock_digests() -> int:
    """Every morning: a digest task for each active program."""
    program_ids = list(Program.objects.filter(is_active=True).values_list("pk", flat=True))
    for program_id in program_ids:
        task_stock_digest(program_id)
    return len(program_ids)


@db_task()
def task_stock_digest(program_id: int) -> int:
    program = Program.objects.filter(pk=program_id, is_active=True).first()
    if program is None:
        return 0
    with program_scope(program):
        return send_digest(program)
