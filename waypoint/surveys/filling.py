"""What the staff and public fill-in pages share: the question fields and the submit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .answers import FORM_ERRORS
from .forms import parse_fill_form
from .models import SurveyQuestion
from .services import DuplicateResponse, SubmitResult, SurveyNotOpen, submit_response
from .standard import QuestionKind


@dataclass
class Option:
    value: str
    label: object
    checked: bool
    id: str


@dataclass
class QuestionField:
    question: SurveyQuestion
    number: int
    name: str
    input_type: str  # radio | checkbox | number
    options: list[Option] = field(default_factory=list)
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"q-{self.question.pk}"


@dataclass
class Outcome:
    """What a submit came to: stored (``result``), already stored, or refused."""

    result: SubmitResult | None = None
    duplicate: bool = False
    not_open: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)
    answers: dict = field(default_factory=dict)


def build_fields(
    questions, answers: dict | None = None, errors: dict | None = None
) -> list[QuestionField]:
    answers, errors = answers or {}, errors or {}
    fields = []
    for number, question in enumerate(questions, start=1):
        given = answers.get(question.pk)
        name = f"q-{question.pk}"
        if question.kind == QuestionKind.NUMBER:
            item = QuestionField(question, number, name, "number", value=str(given or "")[:12])
        else:
            chosen = set(given) if isinstance(given, list) else {given}
            kind = "checkbox" if question.kind == QuestionKind.MULTIPLE else "radio"
            options = [
                Option(value, label, value in chosen, f"{name}-{index}")
                for index, (value, label) in enumerate(question.display_choices)
            ]
            item = QuestionField(question, number, name, kind, options=options)
        item.errors = errors.get(str(question.pk), [])
        fields.append(item)
    return fields


def new_client_uuid() -> str:
    return str(uuid.uuid4())


def submit(
    request, survey, questions, *, mode: str, site=None, actor=None, actor_label=""
) -> Outcome:
    answers = parse_fill_form(request.POST, questions)
    outcome = Outcome(answers=answers)
    try:
        outcome.result = submit_response(
            survey,
            answers=answers,
            mode=mode,
            site=site,
            client_uuid=request.POST.get("client_uuid", ""),
            actor=actor,
            actor_label=actor_label,
        )
    except DuplicateResponse:
        outcome.duplicate = True
    except SurveyNotOpen:
        outcome.not_open = True
    except ValidationError as exc:
        outcome.errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {FORM_ERRORS: exc.messages}
        )
    return outcome


def form_errors(errors: dict[str, list[str]]) -> list[str]:
    """Errors that belong to no single question (shown at the top of the form)."""
    return [
        message for key, messages in errors.items() if not key.isdigit() for message in messages
    ]


def posted_uuid(request) -> str:
    """Keep the form's one-time code on a re-shown form, so a later resend stays one response."""
    value = request.POST.get("client_uuid", "")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return new_client_uuid()
