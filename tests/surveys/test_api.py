"""The surveys API: read surveys and questions, submit responses idempotently."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from waypoint.surveys.models import SurveyAnswer, SurveyResponse

from .helpers import device, make_survey, question


@pytest.fixture
def api(world):
    raw = device(world.program, "peer")
    client = Client()

    def call(method: str, path: str, body=None, *, token=raw):
        return client.generic(
            method,
            f"/api/v1/surveys{path}",
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    return call


@pytest.fixture
def survey(world):
    return make_survey(world.program, world.owner, open_it=True)


def test_list_and_read_a_survey_with_its_questions(world, api, survey):
    make_survey(world.other_program, world.outsider, title="Not ours")
    listed = api("GET", "")
    assert listed.status_code == 200
    assert [s["title"] for s in listed.json()] == ["Spring PiTS"]
    detail = api("GET", f"/{survey.pk}").json()
    assert detail["status"] == "open" and len(detail["questions"]) == 7
    age = detail["questions"][0]
    assert age["key"] == "age_range" and age["kind"] == "single"
    assert age["choices"][0] == {"value": "under_25", "label": "Under 25"}
    assert detail["questions"][4]["max_value"] == 50


def test_submit_is_idempotent_by_client_uuid(world, api, survey):
    body = {
        "client_uuid": str(uuid.uuid4()),
        "site_id": world.site.pk,
        "answers": {
            str(question(survey, "gender").pk): "non_binary",
            str(question(survey, "race_ethnicity").pk): ["asian"],
            str(question(survey, "reversals_6m").pk): 2,
            str(question(survey, "overdose_6m").pk): None,
        },
    }
    first = api("POST", f"/{survey.pk}/responses", body)
    again = api("POST", f"/{survey.pk}/responses", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert SurveyResponse.unscoped.count() == 1 and SurveyAnswer.unscoped.count() == 3
    stored = SurveyResponse.unscoped.get()
    assert stored.site == world.site and stored.mode == "staff"
    changed = {**body, "answers": {str(question(survey, "gender").pk): "man"}}
    conflict = api("POST", f"/{survey.pk}/responses", changed)
    assert conflict.status_code == 409
    assert SurveyResponse.unscoped.count() == 1


@pytest.mark.parametrize(
    ("answers", "loc"),
    [
        ({"gender": "robot"}, "gender"),
        ({"reversals_6m": 51}, "reversals_6m"),
        ({"race_ethnicity": ["white", "prefer_not"]}, "race_ethnicity"),
        ({"999999": "yes"}, None),
    ],
)
def test_bad_answers_are_422_with_the_question_named(world, api, survey, answers, loc):
    body = {
        "client_uuid": str(uuid.uuid4()),
        "answers": {
            (str(question(survey, key).pk) if not key.isdigit() else key): value
            for key, value in answers.items()
        },
    }
    response = api("POST", f"/{survey.pk}/responses", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    expected = ["body", "answers"] + ([str(question(survey, loc).pk)] if loc else [])
    assert detail[0]["loc"] == expected and detail[0]["msg"]
    assert not SurveyResponse.unscoped.exists()


def test_a_missing_client_uuid_or_foreign_site_is_422(world, api, survey):
    assert api("POST", f"/{survey.pk}/responses", {"answers": {}}).status_code == 422
    foreign = {"client_uuid": str(uuid.uuid4()), "site_id": world.other_site.pk}
    response = api("POST", f"/{survey.pk}/responses", foreign)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body",
        "site_id",
    ]
    assert not SurveyResponse.unscoped.exists()


def test_a_closed_or_draft_survey_answers_409(world, api):
    from waypoint.surveys.services import close_survey

    draft = make_survey(world.program, world.owner, title="Draft")
    body = {"client_uuid": str(uuid.uuid4())}
    assert api("POST", f"/{draft.pk}/responses", body).status_code == 409
    survey = make_survey(world.program, world.owner, open_it=True)
    close_survey(survey, actor=world.owner)
    response = api("POST", f"/{survey.pk}/responses", body)
    assert response.status_code == 409 and "not taking answers" in response.json()["detail"]
    assert not SurveyResponse.unscoped.exists()


def test_another_programs_survey_is_404(world, api):
    theirs = make_survey(world.other_program, world.outsider, open_it=True)
    assert api("GET", f"/{theirs.pk}").status_code == 404
    body = {"client_uuid": str(uuid.uuid4())}
    assert api("POST", f"/{theirs.pk}/responses", body).status_code == 404
    assert not SurveyResponse.unscoped.exists()
