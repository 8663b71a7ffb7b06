from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import scrub_old_events


@db_periodic_task(crontab(hour="3", minute="17"))
def task_scrub_audit_events() -> int:
    return scrub_old_events()
