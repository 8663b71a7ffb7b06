"""Export work for the task queue: making a file, and the hourly clean-up."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from waypoint.core.scoping import program_scope

from .jobs import remove_expired_exports, run_export
from .models import ExportJob


@db_task()
def task_run_export(job_id: int) -> str | None:
    """Make one export's file inside its program's scope (a network export's reads open
    their own cross-program scope, for aggregates only)."""
    job = ExportJob.unscoped.filter(pk=job_id).values("program_id").first()
    if job is None:
        return None
    with program_scope(job["program_id"]):  # no program: an empty scope
        return run_export(job_id)


@db_periodic_task(crontab(minute="23"))
def task_remove_expired_exports() -> int:
    return remove_expired_exports()
