"""Building blocks for survey tests: a survey with the standard questions, answers."""

from __future__ import annotations

import uuid

from waypoint.core.scoping import program_scope
from waypoint.surveys import services
from waypoint.surveys.models import SurveyQuestion
from waypoint.surveys.standard import STANDARD_QUESTIONS


def make_survey(program, actor, *, title="Spring PiTS", keys=None, open_it=False, custom=()):
    """A survey of ``program`` with the standard questions (or ``keys``) and ``custom``
    questions given as dicts of ``add_custom_question`` arguments."""
    keys = [q.key for q in STANDARD_QUESTIONS] if keys is None else keys
    with program_scope(program):
        survey = services.create_survey(program, actor=actor, title=title, standard_keys=keys)
        for question in custom:
            services.add_custom_question(survey, actor=actor, **question)
        if open_it:
            survey = services.open_survey(survey, actor=actor)
    return survey


def question(survey, key: str) -> SurveyQuestion:
    return SurveyQuestion.unscoped.get(survey=survey, key=key)


def submit(survey, answers: dict, *, site=None, mode="staff", client_uuid=None):
    """Submit answers keyed by standard key (or question id)."""
    by_id = {}
    for key, value in answers.items():
        question_id = key if isinstance(key, int) else question(survey, key).pk
        by_id[question_id] = value
    with program_scope(survey.program_id):
        return services.submit_response(
            survey,
            answers=by_id,
            mode=mode,
            site=site,
            client_uuid=client_uuid or uuid.uuid4(),
        )


def device(program, role: str = "peer") -> str:
    """A device token of ``program`` acting with ``role``; returns the raw token."""
    from waypoint.accounts.models import DeviceToken, new_token

    raw, token_hash = new_token()
    DeviceToken.unscoped.create(
        program=program,
        name=f"Survey phone ({role})",
        role=role,
        token_hash=token_hash,
        prefix=raw[:8],
    )
    return raw
