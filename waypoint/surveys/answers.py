"""Checking a response's answers against its survey's questions.

An answer is a choice value (single choice, yes/no), a list of choice values (multiple
choice) or a whole number (number questions). Every question may be skipped: an empty
value (``None``, ``""``, ``[]``) means no answer and nothing is stored for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import SurveyQuestion
from .standard import PREFER_NOT, QuestionKind

# Errors about the request as a whole, not one question.
FORM_ERRORS = "__all__"
MAX_TEXT = 100
WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def clean_answers(
    questions: Iterable[SurveyQuestion], answers: Mapping
) -> list[tuple[SurveyQuestion, object]]:
    """The answers to store, in question order. Raises ``ValidationError`` keyed by the
    question id (as a string), or by ``"__all__"`` for answers to unknown questions."""
    by_id = {question.pk: question for question in questions}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, object] = {}
    for raw_key, value in answers.items():
        question = by_id.get(_as_id(raw_key))
        if question is None:
            errors.setdefault(FORM_ERRORS, []).append(
                _("An answer was sent for a question that is not part of this survey.")
            )
            continue
        if is_empty(value):
            continue
        try:
            cleaned[question.pk] = clean_answer(question, value)
        except ValidationError as exc:
            errors.setdefault(str(question.pk), []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return [
        (question, cleaned[question.pk]) for question in by_id.values() if question.pk in cleaned
    ]


def _as_id(key) -> int | None:
    if isinstance(key, SurveyQuestion):
        return key.pk
    if isinstance(key, bool):
        return None
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def clean_answer(question: SurveyQuestion, value):
    if question.kind == QuestionKind.NUMBER:
        return _number(question, value)
    if question.kind == QuestionKind.MULTIPLE:
        return _several(question, value)
    return _one(question, value)


def _one(question: SurveyQuestion, value) -> str:
    if not isinstance(value, str) or value not in question.values:
        raise ValidationError(_("That answer is not one of the choices. Pick one from the list."))
    return value


def _several(question: SurveyQuestion, value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("That answer is not one of the choices. Pick from the list."))
    unknown = [v for v in value if v not in question.values]
    if unknown:
        raise ValidationError(_("That answer is not one of the choices. Pick from the list."))
    chosen = set(value)
    if PREFER_NOT in chosen and len(chosen) > 1:
        raise ValidationError(
            _("“Prefer not to say” cannot be chosen together with other answers.")
        )
    # Stored in the question's order, once each, whatever order they came in.
    return [v for v in question.values if v in chosen]


def _number(question: SurveyQuestion, value) -> int:
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        value = value.strip()
        if WHOLE_NUMBER.fullmatch(value):
            value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter a whole number, or leave it empty."))
    top = question.max_value if question.max_value is not None else 0
    if not 0 <= value <= top:
        raise ValidationError(
            _("Enter a number from 0 to %(max)d, or leave it empty.") % {"max": top}
        )
    return value
