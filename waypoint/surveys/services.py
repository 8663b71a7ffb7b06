"""Building, opening and closing surveys, and storing responses.

Each function is one transaction with its audit event. A survey's questions change only
while it is a draft; it takes responses only while open. Responses are audited without
their answers and without the sender's address.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from waypoint.audit import context as audit_context
from waypoint.audit.services import log_event

from .answers import clean_answers
from .models import (
    ResponseMode,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from .standard import BY_KEY, CUSTOM, PREFER_NOT, YES_NO_CHOICES, QuestionKind

MAX_CHOICES = 20
MAX_NUMBER = 10_000


class SurveyNotOpen(ValidationError):
    """The survey is a draft or closed: it takes no responses."""


class DuplicateResponse(Exception):
    """The client_uuid was already used for a response with different answers."""

    def __init__(self, response: SurveyResponse):
        super().__init__(f"client_uuid already used by response {response.pk}")
        self.response = response


@dataclass
class SubmitResult:
    response: SurveyResponse
    created: bool


def _locked(survey: Survey) -> Survey:
    return Survey.unscoped.select_for_update().get(pk=survey.pk)


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(
            _(
                "This survey has been opened, so its questions and wording can no longer change. "
                "Create a new survey to ask something different."
            )
        )


def _clean_text(value: str, *, label: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({label: [_("This field is required.")]})
    if len(value) > max_length:
        raise ValidationError({label: [_("Use at most %(max)d characters.") % {"max": max_length}]})
    if "\x00" in value:
        raise ValidationError({label: [_("Remove the control character from this text.")]})
    return value


def create_survey(
    program, *, actor, title: str, description: str = "", standard_keys: Iterable[str] = ()
) -> Survey:
    """A new draft survey, with the chosen standard questions in their usual order."""
    title = _clean_text(title, label="title", max_length=200)
    description = _clean_text(description, label="description", max_length=2000, required=False)
    with transaction.atomic():
        survey = Survey.unscoped.create(
            program=program, title=title, description=description, created_by=actor
        )
        log_event("survey.create", actor=actor, obj=survey, extra={"title": title})
        _add_standard(survey, standard_keys, actor=actor)
    return survey


def update_survey(survey: Survey, *, actor, title: str, description: str = "") -> Survey:
    """Change a draft's title and introduction."""
    title = _clean_text(title, label="title", max_length=200)
    description = _clean_text(description, label="description", max_length=2000, required=False)
    with transaction.atomic():
        survey = _locked(survey)
        _require_draft(survey)
        survey.title, survey.description = title, description
        survey.save(update_fields=["title", "description"])
        log_event("survey.edit", actor=actor, obj=survey, extra={"title": title})
    return survey


def add_standard_questions(survey: Survey, keys: Iterable[str], *, actor) -> list[SurveyQuestion]:
    """Add standard questions to a draft; keys already in the survey are left as they are."""
    with transaction.atomic():
        survey = _locked(survey)
        _require_draft(survey)
        return _add_standard(survey, keys, actor=actor)


def _add_standard(survey: Survey, keys: Iterable[str], *, actor) -> list[SurveyQuestion]:
    keys = list(dict.fromkeys(keys))
    unknown = [key for key in keys if key not in BY_KEY]
    if unknown:
        raise ValidationError(_("That is not one of the standard questions."))
    present = set(SurveyQuestion.unscoped.filter(survey=survey).values_list("key", flat=True))
    order = _next_order(survey)
    added = []
    # The stored wording is the English one (for exports); pages show the translation.
    with override("en"):
        for standard in (q for q in BY_KEY.values() if q.key in keys and q.key not in present):
            added.append(
                SurveyQuestion.unscoped.create(
                    survey=survey,
                    key=standard.key,
                    prompt=str(standard.prompt),
                    kind=standard.kind,
                    choices=[{"value": v, "label": str(label)} for v, label in standard.choices],
                    max_value=standard.max_value,
                    order=order,
                )
            )
            order += 1
    for question in added:
        log_event(
            "survey.question.add",
            actor=actor,
            program=survey.program,
            obj=question,
            extra={"survey": survey.pk, "key": question.key},
        )
    return added


def _next_order(survey: Survey) -> int:
    top = SurveyQuestion.unscoped.filter(survey=survey).aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def add_custom_question(
    survey: Survey,
    *,
    actor,
    prompt: str,
    kind: str,
    options: Iterable[str] = (),
    max_value: int | None = None,
) -> SurveyQuestion:
    """Add the program's own question to a draft.

    Choice questions get "Prefer not to say" as their last answer; yes/no questions get
    yes, no and prefer not to say; number questions take 0 to ``max_value``.
    """
    prompt = _clean_text(prompt, label="prompt", max_length=300)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Choose what kind of answer the question takes.")]})
    choices: list[dict] = []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = _custom_choices(options)
    elif kind == QuestionKind.YES_NO:
        with override("en"):
            choices = [{"value": v, "label": str(label)} for v, label in YES_NO_CHOICES]
    if kind == QuestionKind.NUMBER:
        if max_value is None or not 1 <= max_value <= MAX_NUMBER:
            raise ValidationError(
                {
                    "max_value": [
                        _("Give the largest answer allowed, from 1 to %(max)d.")
                        % {"max": MAX_NUMBER}
                    ]
                }
            )
    else:
        max_value = None
    with transaction.atomic():
        survey = _locked(survey)
        _require_draft(survey)
        question = SurveyQuestion.unscoped.create(
            survey=survey,
            key=CUSTOM,
            prompt=prompt,
            kind=kind,
            choices=choices,
            max_value=max_value,
            order=_next_order(survey),
        )
        log_event(
            "survey.question.add",
            actor=actor,
            program=survey.program,
            obj=question,
            extra={"survey": survey.pk, "key": CUSTOM, "kind": kind},
        )
    return question


def _custom_choices(options: Iterable[str]) -> list[dict]:
    labels = list(dict.fromkeys(o.strip() for o in options if o and o.strip()))
    if len(labels) < 2:
        raise ValidationError({"options": [_("Give at least two answers, one per line.")]})
    if len(labels) > MAX_CHOICES:
        raise ValidationError(
            {"options": [_("Give at most %(max)d answers.") % {"max": MAX_CHOICES}]}
        )
    if any(len(label) > 200 or "\x00" in label for label in labels):
        raise ValidationError({"options": [_("Keep each answer under 200 characters.")]})
    choices = [{"value": f"c{n}", "label": label} for n, label in enumerate(labels, start=1)]
    with override("en"):
        choices.append({"value": PREFER_NOT, "label": "Prefer not to say"})
    return choices


def remove_question(question: SurveyQuestion, *, actor) -> None:
    with transaction.atomic():
        survey = _locked(question.survey)
        _require_draft(survey)
        log_event(
            "survey.question.remove",
            actor=actor,
            program=survey.program,
            obj=question,
            extra={"survey": survey.pk, "key": question.key, "prompt": question.prompt},
        )
        SurveyQuestion.unscoped.filter(pk=question.pk).delete()


def reorder_questions(survey: Survey, question_ids: list[int], *, actor) -> None:
    """Put a draft's questions in the given order; the list must name each question once."""
    with transaction.atomic():
        survey = _locked(survey)
        _require_draft(survey)
        questions = {q.pk: q for q in SurveyQuestion.unscoped.filter(survey=survey)}
        if sorted(question_ids) != sorted(questions):
            raise ValidationError(_("The new order must list every question of the survey once."))
        for order, pk in enumerate(question_ids):
            questions[pk].order = order
        SurveyQuestion.unscoped.bulk_update(questions.values(), ["order"])
        log_event("survey.question.reorder", actor=actor, obj=survey, extra={"order": question_ids})


def open_survey(survey: Survey, *, actor) -> Survey:
    """Start taking responses. A survey needs at least one question."""
    with transaction.atomic():
        survey = _locked(survey)
        if survey.status != SurveyStatus.DRAFT:
            raise ValidationError(_("Only a draft survey can be opened."))
        if not SurveyQuestion.unscoped.filter(survey=survey).exists():
            raise ValidationError(_("Add at least one question before opening the survey."))
        survey.status, survey.opened_at = SurveyStatus.OPEN, timezone.now()
        survey.save(update_fields=["status", "opened_at"])
        log_event("survey.open", actor=actor, obj=survey)
    return survey


def close_survey(survey: Survey, *, actor) -> Survey:
    """Stop taking responses, for good; the link and QR code stop working."""
    with transaction.atomic():
        survey = _locked(survey)
        if survey.status != SurveyStatus.OPEN:
            raise ValidationError(_("Only an open survey can be closed."))
        survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
        survey.save(update_fields=["status", "closed_at"])
        log_event("survey.close", actor=actor, obj=survey)
    return survey


def submit_response(
    survey: Survey,
    *,
    answers: Mapping,
    mode: str,
    site=None,
    client_uuid: uuid.UUID | str,
    actor=None,
    actor_label: str = "",
) -> SubmitResult:
    """Store one anonymous response, or return the stored one for a known ``client_uuid``.

    ``answers`` maps question ids (or questions) to values; empty values are skipped.
    Callers may rely on: at most one response per (survey, client_uuid), also under
    concurrent duplicates; a replay with different answers raises ``DuplicateResponse``;
    a bad answer, a site of another program or a survey that is not open raises
    ``ValidationError`` (``SurveyNotOpen`` for the last) and stores nothing.
    """
    client_uuid = _uuid(client_uuid)
    if mode not in ResponseMode.values:
        raise ValidationError(_("Unknown way of filling in the survey."))
    existing = SurveyResponse.unscoped.filter(survey=survey, client_uuid=client_uuid).first()
    if existing is None and survey.status != SurveyStatus.OPEN:
        raise SurveyNotOpen(_("This survey is not taking answers at the moment."))
    questions = list(SurveyQuestion.unscoped.filter(survey=survey))
    cleaned = clean_answers(questions, answers)
    if site is not None and (site.program_id != survey.program_id or not site.is_active):
        raise ValidationError({"site": [_("Choose one of this program's open sites.")]})
    fingerprint = _fingerprint(cleaned, site, mode)
    if existing is not None:
        return _replay(existing, fingerprint)
    try:
        with transaction.atomic():
            return _create(
                survey, cleaned, site, mode, client_uuid, fingerprint, actor, actor_label
            )
    except IntegrityError:
        existing = SurveyResponse.unscoped.filter(survey=survey, client_uuid=client_uuid).first()
        if existing is None:
            raise
        return _replay(existing, fingerprint)


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(
            _("This form is missing its one-time code. Reload the page and try again.")
        ) from None


def _fingerprint(cleaned, site, mode: str) -> str:
    payload = {
        "answers": {str(question.pk): value for question, value in cleaned},
        "site": site.pk if site is not None else None,
        "mode": mode,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _replay(existing: SurveyResponse, fingerprint: str) -> SubmitResult:
    if existing.fingerprint and existing.fingerprint != fingerprint:
        raise DuplicateResponse(existing)
    return SubmitResult(existing, created=False)


def _create(
    survey, cleaned, site, mode, client_uuid, fingerprint, actor, actor_label
) -> SubmitResult:
    survey = _locked(survey)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyNotOpen(_("This survey is not taking answers at the moment."))
    response = SurveyResponse.unscoped.create(
        survey=survey, site=site, mode=mode, client_uuid=client_uuid, fingerprint=fingerprint
    )
    SurveyAnswer.unscoped.bulk_create(
        SurveyAnswer(response=response, question=question, value=value)
        for question, value in cleaned
    )
    with _without_address():
        log_event(
            "survey.response.create",
            actor=actor,
            actor_label=actor_label,
            program=survey.program,
            obj=response,
            extra={"survey": survey.pk, "mode": mode, "site": site.pk if site else None},
        )
    return SubmitResult(response, created=True)


@contextmanager
def _without_address():
    """Responses are anonymous: their audit event does not keep the sender's IP address."""
    token = audit_context.client_ip.set(None)
    try:
        yield
    finally:
        audit_context.client_ip.reset(token)
