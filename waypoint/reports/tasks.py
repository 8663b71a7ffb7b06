from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .quarter_email import send_all


@db_periodic_task(crontab(month="1,4,7,10", day="1", hour="7", minute="5"))
def task_quarter_emails() -> int:
    """07:05 on the first day of each quarter: tell admins and coordinators the last
    quarter's reports are ready."""
    return send_all(timezone.localdate())
