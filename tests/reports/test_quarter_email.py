"""On a quarter's first day, a program's admins and coordinators get an email with links
to the quarter's reports — never figures — in their own language, unless an admin turned
it off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tests.factories import member
from waypoint.core.models import Membership, Role
from waypoint.reports import quarter_email
from waypoint.reports.models import ReportSettings
from waypoint.reports.period import Period
from waypoint.reports.quarter_email import quarter_just_ended, send_all
from waypoint.reports.tasks import task_quarter_emails

pytestmark = pytest.mark.django_db
OCT_1 = dt.date(2025, 10, 1)


def test_only_a_quarters_first_day_sends():
    assert quarter_just_ended(OCT_1) == Period(dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert quarter_just_ended(dt.date(2026, 1, 1)) == Period(
        dt.date(2025, 10, 1), dt.date(2025, 12, 31)
    )
    assert quarter_just_ended(dt.date(2025, 10, 2)) is None
    assert quarter_just_ended(dt.date(2025, 11, 1)) is None


def test_admins_and_coordinators_get_links_for_the_quarter(scn):
    coordinator = member(scn.program, Role.COORDINATOR)
    for role in (Role.STAFF, Role.VIEWER):
        member(scn.program, role)
    assert send_all(OCT_1) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([scn.admin.email, coordinator.email])
    message = mail.outbox[0]
    assert message.subject == "Riverside: the reports for Jul–Sep 2025 are ready"
    query = f"?program={scn.program.pk}&start=2025-07-01&end=2025-09-30"
    assert f"/reports/utah/{query}" in message.body
    assert f"/reports/sharp/{query}" in message.body
    # Yearly forms wait for the December quarter.
    assert "/reports/nasen/" not in message.body
    # Program B has only a peer: nobody to tell. Figures never travel by email.
    assert not any("Lakeside" in m.subject for m in mail.outbox)
    assert "suppressed" not in message.body


def test_after_december_the_yearly_forms_come_too(scn):
    send_all(dt.date(2026, 1, 1))
    body = mail.outbox[0].body
    program = f"?program={scn.program.pk}"
    assert f"/reports/utah/{program}&start=2025-10-01&end=2025-12-31" in body
    assert f"/reports/nasen/{program}&start=2025-01-01&end=2025-12-31" in body


def test_each_person_reads_it_in_their_language(scn):
    spanish = member(scn.program, Role.COORDINATOR)
    spanish.language = "es"
    spanish.save(update_fields=["language"])
    send_all(OCT_1)
    message = next(m for m in mail.outbox if m.to == [spanish.email])
    assert message.subject == "Riverside: los informes de Jul–Sep 2025 están listos"


def test_an_admin_can_turn_it_off_and_demo_programs_never_send(scn, client_for):
    response = client_for(scn.admin).post(
        "/reports/settings/", {"coverage_low_below": 100, "coverage_high_above": 200}
    )
    assert response.status_code == 302
    assert ReportSettings.unscoped.get(program=scn.program).quarter_email is False
    assert send_all(OCT_1) == 0
    ReportSettings.unscoped.filter(program=scn.program).update(quarter_email=True)
    scn.program.is_demo = True
    scn.program.save(update_fields=["is_demo"])
    assert send_all(OCT_1) == 0


def test_the_community_page_is_mentioned_once_published(scn):
    ReportSettings.unscoped.create(program=scn.program, community_page=True)
    send_all(OCT_1)
    assert f"/community/{scn.program.slug}/" in mail.outbox[0].body


def test_the_scheduled_task_sends_only_on_a_quarters_first_day(scn, settings):
    # The task reads today's date; on any other day it sends nothing.
    from django.utils import timezone

    today = timezone.localdate()
    sent = task_quarter_emails.call_local()
    assert sent == (1 if quarter_just_ended(today) else 0)
    assert len(mail.outbox) == sent


def test_a_link_for_another_of_your_programs_asks_before_switching(scn, client_for):
    both = member(scn.program, Role.COORDINATOR)
    Membership.unscoped.create(user=both, program=scn.other_program, role=Role.COORDINATOR)
    client = client_for(both)
    client.post("/switch/", {"program": scn.program.pk})  # working in Riverside
    link = f"/reports/utah/?program={scn.other_program.pk}&start=2025-07-01&end=2025-09-30"
    page = client.get(link)
    assert page.status_code == 200
    assert 'data-testid="switch-first"' in page.content.decode()
    assert "Lakeside" in page.content.decode()
    assert "report-table" not in page.content.decode()  # nothing of either program yet
    switched = client.post(
        "/switch/",
        {"program": scn.other_program.pk, "next": page.context["next"]},
    )
    assert switched.status_code == 302
    assert switched["Location"] == "/reports/utah/?start=2025-07-01&end=2025-09-30"
    report = client.get(switched["Location"])
    assert report.context["program"] == scn.other_program
    # A link naming a program the user is not in changes nothing.
    outsider = client_for(member(scn.program, Role.VIEWER))
    page = outsider.get(link)
    assert page.status_code == 200 and page.context["program"] == scn.program


def test_one_refused_address_does_not_stop_the_others(scn, monkeypatch):
    coordinator = member(scn.program, Role.COORDINATOR)
    real = quarter_email.send_mail

    def refuse_admin(subject, body, sender, to):
        if to == [scn.admin.email]:
            raise OSError("550 mailbox unavailable")
        return real(subject, body, sender, to)

    monkeypatch.setattr(quarter_email, "send_mail", refuse_admin)
    assert send_all(OCT_1) == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
