"""The showcase program's point-in-time survey and its published community page."""

from __future__ import annotations

import datetime as dt
import uuid

from waypoint.core.models import Membership, Role, SiteKind
from waypoint.reports.models import ReportSettings
from waypoint.reports.period import Period
from waypoint.reports.services import save_report_settings
from waypoint.surveys.models import ResponseMode, Survey, SurveyQuestion, SurveyResponse
from waypoint.surveys.services import close_survey, create_survey, open_survey, submit_response
from waypoint.surveys.standard import BY_KEY

from .data import DAY, SURVEY_ANSWERS
from .dates import _at, _first_weekday, _month_start
from .lookups import _team


def _survey(program, today: dt.date, rng) -> None:
    """A point-in-time survey in the middle of the last full quarter: 40 anonymous answers."""
    lead, _front = _team(program)
    quarter = Period.last_full_quarter(today)
    week = _first_weekday(_month_start(quarter.start, 1) + DAY * 7)
    survey = create_survey(
        program,
        actor=lead,
        title=f"Participant survey, {quarter.start:%B}–{quarter.end:%B %Y}",
        description="Anonymous. About three minutes. Skip any question you like.",
        standard_keys=BY_KEY,
    )
    survey = open_survey(survey, actor=lead)
    questions = {q.key: q for q in SurveyQuestion.unscoped.filter(survey=survey)}
    sites = list(program.sites.filter(kind__in=[SiteKind.FIXED, SiteKind.WINDOW]).order_by("pk"))
    responses = []
    for _ in range(40):
        answers = {}
        for key, (values, weights) in SURVEY_ANSWERS.items():
            if rng.random() < 0.95:
                value = rng.choices(values, weights)[0]
                if key == "race_ethnicity" and value in ("black", "white") and rng.random() < 0.08:
                    value = ["black", "white"]
                answers[questions[key].pk] = value
        staff = rng.random() < 0.6
        result = submit_response(
            survey,
            answers=answers,
            mode=ResponseMode.STAFF if staff else ResponseMode.SELF,
            site=rng.choice(sites),
            client_uuid=uuid.UUID(int=rng.getrandbits(128)),
            actor=lead if staff else None,
        )
        day = week + DAY * rng.randrange(4)
        result.response.submitted_at = _at(day, rng.randint(10, 15), rng.randrange(60))
        responses.append(result.response)
    close_survey(survey, actor=lead)
    SurveyResponse.unscoped.bulk_update(responses, ["submitted_at"])
    Survey.unscoped.filter(pk=survey.pk).update(
        created_at=_at(week - DAY * 10, 11),
        opened_at=_at(week, 9, 30),
        closed_at=_at(week + DAY * 4, 17),
    )


def _community_page(program) -> None:
    admin = (
        Membership.unscoped.filter(program=program, role=Role.ADMIN, is_active=True).first()
        or Membership.unscoped.filter(program=program, is_active=True).first()
    )
    settings = ReportSettings.unscoped.filter(program=program).first()
    settings = settings or ReportSettings(program=program)
    settings.pwid_population = 2400
    settings.area_name = "Central Cincinnati (demo estimate)"
    settings.community_page = True
    settings.community_message = (
        "Thank you to everyone who stops by Over-the-Rhine, Vine Street and the Care Van. "
        "This is a demo: every figure here is made up."
    )
    save_report_settings(settings, actor=admin.user if admin else None)
