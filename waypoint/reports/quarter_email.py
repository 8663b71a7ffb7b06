"""When a quarter ends: an email to each program's admins and coordinators with links to
that quarter's reports (and, after December, the yearly ones). The email holds no
figures — email is not a safe place for them — only links that open behind sign-in."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from waypoint.core.models import Membership, Program, Role

from .community import quarter_label
from .definitions import ReportTemplate, program_templates
from .models import ReportSettings
from .period import Period

logger = logging.getLogger(__name__)


def quarter_just_ended(today: dt.date) -> Period | None:
    """The quarter that ended yesterday, when today is a quarter's first day."""
    if today.day == 1 and today.month in (1, 4, 7, 10):
        return Period.last_full_quarter(today)
    return None


def recipients(program) -> list:
    managers = Membership.unscoped.filter(
        program=program, is_active=True, role__in=[Role.ADMIN, Role.COORDINATOR]
    ).values("user_id")
    users = get_user_model().objects.filter(is_active=True, pk__in=managers).exclude(email="")
    return list(users.order_by("pk"))


def reports_due(quarter: Period) -> list[tuple[ReportTemplate, Period]]:
    """Each report to file once ``quarter`` has ended, with its period: quarterly forms
    for the quarter, and after the December quarter the yearly forms for the year."""
    year = Period.calendar_year(quarter.end.year) if quarter.end.month == 12 else None
    due = []
    for template in program_templates():
        period = year if template.default_period == "year" else quarter
        if period is not None:
            due.append((template, period))
    return due


def links(program, quarter: Period) -> list[tuple[str, str]]:
    """(title, address) of each report due after ``quarter`` (``reports_due``)."""
    found = []
    for template, period in reports_due(quarter):
        query = urlencode(
            {
                "program": program.pk,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            }
        )
        found.append(
            (
                str(template.title),
                f"{settings.SITE_URL}{reverse(f'reports:{template.key}')}?{query}",
            )
        )
    return found


def send_quarter_email(program, quarter: Period) -> int:
    """Send the email for ``quarter`` unless the program turned it off. Returns how many
    people it went to."""
    chosen = ReportSettings.unscoped.filter(program=program).first()
    if chosen is not None and not chosen.quarter_email:
        return 0
    dashboard = f"{settings.SITE_URL}{reverse('reports:dashboard')}?program={program.pk}"
    community = None
    if chosen is not None and chosen.community_page:
        community = settings.SITE_URL + reverse(
            "community:page", kwargs={"program_slug": program.slug}
        )
    sent = 0
    for user in recipients(program):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            label = quarter_label(quarter)
            subject = _("%(program)s: the reports for %(quarter)s are ready") % {
                "program": program.name,
                "quarter": label,
            }
            body = render_to_string(
                "reports/email/quarter.txt",
                {
                    "program": program,
                    "quarter": label,
                    "links": links(program, quarter),
                    "dashboard": dashboard,
                    "community": community,
                    "settings_link": settings.SITE_URL + reverse("reports:settings"),
                },
            )
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # a refused address: the others still get theirs
            logger.exception("Quarter email to user %s failed", user.pk)
            continue
        sent += 1
    return sent


def send_all(today: dt.date) -> int:
    """Every active program's email, on a quarter's first day (demo programs excepted:
    their addresses are made up)."""
    quarter = quarter_just_ended(today)
    if quarter is None:
        return 0
    sent = 0
    for program in Program.objects.filter(is_active=True, is_demo=False).order_by("pk"):
        try:
            sent += send_quarter_email(program, quarter)
        except Exception:  # one refused address must not stop the other programs' emails
            logger.exception("Quarter email for program %s failed", program.pk)
    return sent
