"""Building, opening and closing surveys, and storing anonymous responses."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from tests.factories import SiteFactory
from waypoint.audit import context as audit_context
from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope, scopes_disabled
from waypoint.surveys import services
from waypoint.surveys.models import (
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from waypoint.surveys.services import DuplicateResponse, SurveyNotOpen
from waypoint.surveys.standard import STANDARD_QUESTIONS

from .helpers import make_survey, question, submit


def _stored() -> tuple[int, int]:
    return SurveyResponse.unscoped.count(), SurveyAnswer.unscoped.count()


def test_a_new_survey_is_a_draft_with_the_chosen_standard_questions_in_order(world):
    survey = make_survey(world.program, world.owner, keys=["gender", "age_range", "reversals_6m"])
    questions = list(SurveyQuestion.unscoped.filter(survey=survey))
    assert survey.status == SurveyStatus.DRAFT and survey.created_by == world.owner
    # The standard order, whatever order they were picked in.
    assert [q.key for q in questions] == ["age_range", "gender", "reversals_6m"]
    age = questions[0]
    assert [c["value"] for c in age.choices] == [
        "under_25",
        "25_34",
        "35_44",
        "45_54",
        "55_plus",
        "prefer_not",
    ]
    assert questions[2].kind == "number" and questions[2].max_value == 50
    assert len(survey.public_token) >= 40


def test_survey_admin_actions_are_audited(world):
    survey = make_survey(world.program, world.owner, keys=["gender"], open_it=True)
    with program_scope(world.program):
        services.close_survey(survey, actor=world.owner)
    with scopes_disabled():
        actions = list(
            AuditEvent.objects.filter(program=world.program).values_list("action", flat=True)
        )
    assert {"survey.create", "survey.question.add", "survey.open", "survey.close"} <= set(actions)


def test_standard_questions_are_added_once(world):
    survey = make_survey(world.program, world.owner, keys=["gender"])
    with program_scope(world.program):
        added = services.add_standard_questions(survey, ["gender", "age_range"], actor=world.owner)
    assert [q.key for q in added] == ["age_range"]
    assert SurveyQuestion.unscoped.filter(survey=survey).count() == 2
    with pytest.raises(ValidationError):
        services.add_standard_questions(survey, ["favourite_colour"], actor=world.owner)


def test_a_custom_choice_question_gets_prefer_not_to_say(world):
    survey = make_survey(world.program, world.owner, keys=[])
    with program_scope(world.program):
        q = services.add_custom_question(
            survey,
            actor=world.owner,
            prompt="Where do you usually get supplies?",
            kind="single",
            options=["This program", " Pharmacy ", "", "Pharmacy", "A friend"],
        )
    assert q.key == "custom"
    assert [c["label"] for c in q.choices] == [
        "This program",
        "Pharmacy",
        "A friend",
        "Prefer not to say",
    ]
    assert q.values[-1] == "prefer_not"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"prompt": "", "kind": "yes_no"}, "prompt"),
        ({"prompt": "Pick one", "kind": "single", "options": ["Only one"]}, "options"),
        ({"prompt": "How many?", "kind": "number"}, "max_value"),
        ({"prompt": "How many?", "kind": "number", "max_value": 0}, "max_value"),
        ({"prompt": "Odd", "kind": "essay"}, "kind"),
    ],
)
def test_a_bad_custom_question_is_refused_and_nothing_is_added(world, fields, field):
    survey = make_survey(world.program, world.owner, keys=[])
    with pytest.raises(ValidationError) as raised:
        services.add_custom_question(survey, actor=world.owner, **fields)
    assert field in raised.value.message_dict
    assert not SurveyQuestion.unscoped.filter(survey=survey).exists()


def test_questions_can_be_reordered_and_removed_while_draft(world):
    survey = make_survey(world.program, world.owner, keys=["age_range", "gender", "overdose_6m"])
    ids = list(SurveyQuestion.unscoped.filter(survey=survey).values_list("pk", flat=True))
    with program_scope(world.program):
        services.reorder_questions(survey, [ids[2], ids[0], ids[1]], actor=world.owner)
        assert [q.pk for q in SurveyQuestion.objects.filter(survey=survey)] == [
            ids[2],
            ids[0],
            ids[1],
        ]
        with pytest.raises(ValidationError):
            services.reorder_questions(survey, [ids[0], ids[1]], actor=world.owner)
        services.remove_question(SurveyQuestion.objects.get(pk=ids[1]), actor=world.owner)
    assert list(SurveyQuestion.unscoped.filter(survey=survey).values_list("pk", flat=True)) == [
        ids[2],
        ids[0],
    ]


def test_an_open_survey_can_no_longer_change(world):
    survey = make_survey(world.program, world.owner, keys=["gender"], open_it=True)
    gender = question(survey, "gender")
    with program_scope(world.program):
        for change in (
            lambda: services.update_survey(survey, actor=world.owner, title="New title"),
            lambda: services.add_standard_questions(survey, ["age_range"], actor=world.owner),
            lambda: services.add_custom_question(
                survey, actor=world.owner, prompt="Extra?", kind="yes_no"
            ),
            lambda: services.remove_question(gender, actor=world.owner),
            lambda: services.reorder_questions(survey, [gender.pk], actor=world.owner),
        ):
            with pytest.raises(ValidationError, match="can no longer change"):
                change()
    survey.refresh_from_db()
    assert survey.title == "Spring PiTS"
    assert list(SurveyQuestion.unscoped.filter(survey=survey)) == [gender]


def test_a_survey_needs_a_question_to_open_and_closing_is_final(world):
    empty = make_survey(world.program, world.owner, keys=[])
    with pytest.raises(ValidationError, match="at least one question"):
        services.open_survey(empty, actor=world.owner)
    survey = make_survey(world.program, world.owner, keys=["gender"], open_it=True)
    assert survey.opened_at is not None
    services.close_survey(survey, actor=world.owner)
    with pytest.raises(ValidationError):
        services.open_survey(survey, actor=world.owner)
    with pytest.raises(ValidationError):
        services.close_survey(survey, actor=world.owner)


def test_a_response_stores_each_answer_given_and_skips_the_rest(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    result = submit(
        survey,
        {
            "age_range": "under_25",
            "race_ethnicity": ["white", "hispanic", "white"],
            "reversals_6m": "3",
            "gender": "",
            "overdose_6m": None,
        },
        site=world.site,
    )
    assert result.created
    answers = {
        a.question.key: a.value
        for a in SurveyAnswer.unscoped.filter(response=result.response).select_related("question")
    }
    # Multiple choice is kept in the question's order, once each; numbers as numbers.
    assert answers == {
        "age_range": "under_25",
        "race_ethnicity": ["hispanic", "white"],
        "reversals_6m": 3,
    }
    assert result.response.site == world.site and result.response.mode == "staff"


def test_an_empty_response_is_allowed(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    assert submit(survey, {}).created
    assert _stored() == (1, 0)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("age_range", "over_9000", "not one of the choices"),
        ("age_range", ["under_25"], "not one of the choices"),
        ("race_ethnicity", ["white", "martian"], "not one of the choices"),
        ("race_ethnicity", ["white", "prefer_not"], "cannot be chosen together"),
        ("reversals_6m", 51, "from 0 to 50"),
        ("reversals_6m", -1, "from 0 to 50"),
        ("reversals_6m", "two", "whole number"),
        ("reversals_6m", "--5", "whole number"),
        ("reversals_6m", "٣", "whole number"),
        ("reversals_6m", True, "whole number"),
        ("reversals_6m", 2.5, "whole number"),
        ("overdose_6m", "maybe", "not one of the choices"),
    ],
)
def test_a_bad_answer_is_refused_with_a_clear_message_and_nothing_is_stored(
    world, key, value, message
):
    survey = make_survey(world.program, world.owner, open_it=True)
    target = question(survey, key)
    with pytest.raises(ValidationError) as raised:
        submit(survey, {"gender": "woman", key: value})
    assert message in " ".join(raised.value.message_dict[str(target.pk)])
    assert _stored() == (0, 0)


def test_an_answer_to_another_surveys_question_is_refused(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    other = make_survey(world.program, world.owner, title="Other", open_it=True)
    with pytest.raises(ValidationError, match="not part of this survey"):
        submit(survey, {question(other, "gender").pk: "woman"})
    assert _stored() == (0, 0)


def test_a_site_of_another_program_is_refused(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    with pytest.raises(ValidationError, match="open sites"):
        submit(survey, {"gender": "man"}, site=world.other_site)
    closed_site = SiteFactory(program=world.program, is_active=False)
    with pytest.raises(ValidationError, match="open sites"):
        submit(survey, {"gender": "man"}, site=closed_site)
    assert _stored() == (0, 0)


def test_a_double_submit_stores_one_response(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    key = uuid.uuid4()
    first = submit(survey, {"gender": "woman"}, client_uuid=key)
    again = submit(survey, {"gender": "woman"}, client_uuid=str(key))
    assert first.created and not again.created
    assert again.response.pk == first.response.pk
    assert _stored() == (1, 1)


def test_a_reused_client_uuid_with_other_answers_is_refused(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    key = uuid.uuid4()
    submit(survey, {"gender": "woman"}, client_uuid=key)
    with pytest.raises(DuplicateResponse):
        submit(survey, {"gender": "man"}, client_uuid=key)
    assert _stored() == (1, 1)


def test_the_same_client_uuid_may_be_used_on_another_survey(world):
    key = uuid.uuid4()
    first = make_survey(world.program, world.owner, open_it=True)
    second = make_survey(world.program, world.owner, title="Second", open_it=True)
    assert submit(first, {}, client_uuid=key).created
    assert submit(second, {}, client_uuid=key).created


def test_draft_and_closed_surveys_refuse_responses(world):
    draft = make_survey(world.program, world.owner)
    with pytest.raises(SurveyNotOpen):
        submit(draft, {"gender": "woman"})
    survey = make_survey(world.program, world.owner, open_it=True)
    key = uuid.uuid4()
    submit(survey, {"gender": "woman"}, client_uuid=key)
    services.close_survey(survey, actor=world.owner)
    with pytest.raises(SurveyNotOpen):
        submit(survey, {"gender": "woman"})
    # A resend of a response made while it was open still gets its stored answer.
    assert not submit(survey, {"gender": "woman"}, client_uuid=key).created
    assert _stored() == (1, 1)


def test_a_missing_or_malformed_client_uuid_is_refused(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    with pytest.raises(ValidationError, match="one-time code"):
        services.submit_response(survey, answers={}, mode="self", client_uuid="")
    with pytest.raises(ValidationError):
        services.submit_response(survey, answers={}, mode="robot", client_uuid=uuid.uuid4())
    assert _stored() == (0, 0)


def test_a_response_is_audited_without_answers_or_address(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    token = audit_context.client_ip.set("203.0.113.9")
    try:
        result = submit(survey, {"overdose_6m": "yes", "gender": "woman"}, mode="self")
        # Other events of the same request still record the address.
        services.close_survey(survey, actor=world.owner)
    finally:
        audit_context.client_ip.reset(token)
    with scopes_disabled():
        event = AuditEvent.objects.get(action="survey.response.create")
        closed = AuditEvent.objects.get(action="survey.close")
    assert event.object_id == str(result.response.pk)
    assert event.extra == {"survey": survey.pk, "mode": "self", "site": None}
    assert event.ip_address is None and closed.ip_address == "203.0.113.9"


def test_responses_keep_nothing_about_the_person_or_device(world):
    field_names = {field.name for field in SurveyResponse._meta.get_fields()}
    assert field_names == {
        "id",
        "survey",
        "site",
        "mode",
        "submitted_at",
        "client_uuid",
        "fingerprint",
        "answers",
    }


def test_every_standard_question_can_be_answered_with_prefer_not_or_skipped(world):
    survey = make_survey(world.program, world.owner, open_it=True)
    answers = {
        q.key: (["prefer_not"] if q.kind == "multiple" else "prefer_not")
        for q in STANDARD_QUESTIONS
        if q.kind != "number"
    }
    assert submit(survey, answers).created
