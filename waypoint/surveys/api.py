"""API: the program's surveys, their questions, and submitting an anonymous response."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import REFUSALS, REFUSALS_FOR_BODY, REFUSALS_FOR_ID, ErrorOut
from waypoint.core.models import Role, Site

from .answers import FORM_ERRORS
from .models import ResponseMode, Survey, SurveyQuestion
from .queries import list_surveys, questions_of
from .services import DuplicateResponse, SurveyNotOpen, submit_response

router = Router(tags=["surveys"])

Answer = int | str | list[str] | None
MAX_ANSWERS = 200


class SurveySummaryOut(Schema):
    id: int
    title: str
    status: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None


class ChoiceOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    id: int
    key: str = Field(description='A standard question\'s key, or "custom"')
    prompt: str
    kind: str = Field(description="single | multiple | number | yes_no")
    choices: list[ChoiceOut]
    max_value: int | None = Field(None, description="Number questions: answers from 0 to this")


class SurveyOut(SurveySummaryOut):
    description: str
    questions: list[QuestionOut]


class ResponseIn(Schema):
    # Required, but checked after the survey is found: a survey of another program is a
    # 404 whatever the body holds.
    client_uuid: uuid.UUID | None = Field(
        None, description="Required. Chosen by the client; a resend stores nothing new."
    )
    mode: Literal["staff", "self"] = ResponseMode.STAFF.value
    site_id: int | None = None
    answers: dict[str, Answer] = Field(
        default_factory=dict,
        max_length=MAX_ANSWERS,
        description=(
            "Question id → a choice value, a list of choice values (multiple choice) or a "
            "whole number. Leave a question out (or send null) to skip it."
        ),
    )


class ResponseOut(Schema):
    id: int
    survey_id: int
    submitted_at: dt.datetime


def _summary(survey: Survey) -> SurveySummaryOut:
    return SurveySummaryOut(
        id=survey.pk,
        title=survey.title,
        status=survey.status,
        opened_at=survey.opened_at,
        closed_at=survey.closed_at,
    )


def _question(question: SurveyQuestion) -> QuestionOut:
    return QuestionOut(
        id=question.pk,
        key=question.key,
        prompt=str(question.display_prompt),
        kind=question.kind,
        choices=[ChoiceOut(value=v, label=str(label)) for v, label in question.display_choices],
        max_value=question.max_value,
    )


@router.get("", response={200: list[SurveySummaryOut], **REFUSALS}, summary="The program's surveys")
@api_role(Role.PEER)
def surveys(request):
    return [_summary(survey) for survey in list_surveys(request.auth.program)]


@router.get(
    "/{survey_id}",
    response={200: SurveyOut, **REFUSALS_FOR_ID},
    summary="A survey and its questions",
)
@api_role(Role.PEER)
def survey(request, survey_id: int):
    survey = get_object_or_404(Survey.objects, pk=survey_id)
    return SurveyOut(
        **_summary(survey).dict(),
        description=survey.description,
        questions=[_question(q) for q in questions_of(survey)],
    )


@router.post(
    "/{survey_id}/responses",
    response={200: ResponseOut, 201: ResponseOut, 409: ErrorOut, **REFUSALS_FOR_BODY},
    summary="Submit an anonymous response (201; a resend with the same client_uuid: 200)",
)
@api_role(Role.PEER)
def submit(request, survey_id: int, payload: ResponseIn):
    survey = get_object_or_404(Survey.objects, pk=survey_id)
    if payload.client_uuid is None:
        return Status(
            422, {"detail": [_error(["body", "client_uuid"], _("This field is required."))]}
        )
    site = None
    if payload.site_id is not None:
        site = Site.objects.filter(pk=payload.site_id, program=survey.program_id).first()
        if site is None:
            return Status(
                422,
                {
                    "detail": [
                        _error(["body", "site_id"], _("Choose one of this program's open sites."))
                    ]
                },
            )
    principal = request.auth
    try:
        result = submit_response(
            survey,
            answers=payload.answers,
            mode=payload.mode,
            site=site,
            client_uuid=payload.client_uuid,
            actor=principal.user,
            actor_label=principal.label,
        )
    except DuplicateResponse as exc:
        raise HttpError(
            409, _("This client_uuid was already used for a response with other answers.")
        ) from exc
    except SurveyNotOpen as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    except ValidationError as exc:
        return Status(422, {"detail": _errors(exc)})
    response = result.response
    out = ResponseOut(id=response.pk, survey_id=survey.pk, submitted_at=response.submitted_at)
    return Status(201 if result.created else 200, out)


def _error(loc: list[str], message: str) -> dict:
    return {"loc": loc, "msg": message, "type": "value_error"}


def _errors(exc: ValidationError) -> list[dict]:
    if not hasattr(exc, "error_dict"):
        return [_error(["body"], message) for message in exc.messages]
    errors = []
    for key, messages in exc.message_dict.items():
        if key == FORM_ERRORS:
            loc = ["body", "answers"]
        elif key.isdigit():
            loc = ["body", "answers", key]
        else:
            loc = ["body", key]
        errors.extend(_error(loc, message) for message in messages)
    return errors
