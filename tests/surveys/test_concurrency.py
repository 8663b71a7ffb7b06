"""Concurrent submits on a real PostgreSQL: a duplicate is stored once, and a survey being
closed takes no response after the close.

Each thread uses its own database connection and closes it when done.
"""

from __future__ import annotations

import uuid

import pytest

from tests.concurrency import requires_postgres, run_threads
from tests.factories import NetworkFactory, ProgramFactory, SiteFactory, UserFactory
from waypoint.surveys.models import SurveyAnswer, SurveyResponse, SurveyStatus
from waypoint.surveys.services import SurveyNotOpen, close_survey

from .helpers import make_survey, submit

pytestmark = [pytest.mark.postgres_only, requires_postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


@pytest.fixture
def survey():
    program = ProgramFactory(network=NetworkFactory())
    SiteFactory(program=program)
    return make_survey(program, UserFactory(), open_it=True)


def test_the_same_response_sent_at_once_from_many_connections_is_stored_once(survey):
    key = uuid.uuid4()
    results = []

    def work(n: int) -> None:
        results.append(submit(survey, {"gender": "woman", "overdose_6m": "no"}, client_uuid=key))

    assert run_threads(THREADS, work) == []
    assert sum(result.created for result in results) == 1
    assert len({result.response.pk for result in results}) == 1
    assert SurveyResponse.unscoped.count() == 1 and SurveyAnswer.unscoped.count() == 2


def test_no_response_is_stored_after_the_survey_closes(survey):
    refused = []

    def work(n: int) -> None:
        if n == 0:
            close_survey(survey, actor=None)
            return
        try:
            submit(survey, {"gender": "man"})
        except SurveyNotOpen:
            refused.append(n)

    assert run_threads(THREADS, work) == []
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    late = SurveyResponse.unscoped.filter(submitted_at__gt=survey.closed_at).count()
    assert late == 0
    assert SurveyResponse.unscoped.count() + len(refused) == THREADS - 1
