"""Scoped reads: survey lists and answer counts (exact figures; pages and reports that
show them to viewers, analysts or the public suppress small cells — see ``display.py``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Site

from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .standard import BY_KEY, STANDARD_QUESTIONS, QuestionKind

# Number answers are counted in bands (value, lowest, highest or None, label).
NUMBER_BANDS = (
    ("0", 0, 0, "0"),
    ("1", 1, 1, "1"),
    ("2-4", 2, 4, "2–4"),
    ("5-9", 5, 9, "5–9"),
    ("10+", 10, None, _("10 or more")),
)


@dataclass
class Tally:
    """Answers to one question. ``counts`` are (value, label, count) in the question's
    order; for multiple choice a response counts once under each answer it chose."""

    key: str
    prompt: object
    kind: str
    asked: int  # responses that were shown the question
    counts: list[tuple[str, object, int]]
    answered: int  # responses that gave any answer
    total: int | None = None  # number questions: the sum of the numbers given

    @property
    def no_answer(self) -> int:
        return self.asked - self.answered

    @property
    def is_multiple(self) -> bool:
        return self.kind == QuestionKind.MULTIPLE


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    by_site: list[tuple[object, int]]  # (site name or "no site" label, responses)
    questions: list[Tally] = field(default_factory=list)


@dataclass
class Demographics:
    """Standard questions over every survey of a program, for responses in a period."""

    start: dt.date
    end: dt.date
    responses: int
    questions: dict[str, Tally]


def list_surveys(program):
    return Survey.objects.filter(program=program).annotate(
        response_count=Count("responses", distinct=True),
        question_count=Count("questions", distinct=True),
    )


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(survey=survey))


def survey_results(survey: Survey) -> SurveyResults:
    """Exact counts for one survey: responses, responses by site, answers per question."""
    responses = SurveyResponse.objects.filter(survey=survey)
    per_site = dict(responses.values_list("site_id").annotate(n=Count("id")).order_by())
    total = sum(per_site.values())
    names = dict(Site.objects.filter(program=survey.program_id).values_list("pk", "name"))
    by_site = sorted(
        ((names[pk], n) for pk, n in per_site.items() if pk is not None), key=lambda row: row[0]
    )
    if None in per_site:
        by_site.append((_("No site (online link)"), per_site[None]))
    values: dict[int, list] = {}
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    for question_id, value in answers.values_list("question_id", "value").iterator():
        values.setdefault(question_id, []).append(value)
    tallies = [
        tally(
            key=q.key,
            prompt=q.display_prompt,
            kind=q.kind,
            choices=q.display_choices,
            max_value=q.max_value,
            asked=total,
            values=values.get(q.pk, []),
        )
        for q in questions_of(survey)
    ]
    return SurveyResults(survey=survey, responses=total, by_site=by_site, questions=tallies)


def demographics(program, *, start: dt.date, end: dt.date) -> Demographics:
    """The standard questions' answers over all of ``program``'s surveys, counting the
    responses submitted from ``start`` to ``end`` (both days included, local time)."""
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    responses = SurveyResponse.objects.filter(
        survey__program=program, submitted_at__gte=begin, submitted_at__lt=finish
    )
    per_survey = dict(responses.values_list("survey_id").annotate(n=Count("id")).order_by())
    asked: Counter[str] = Counter()
    standard = SurveyQuestion.objects.filter(survey_id__in=per_survey, key__in=BY_KEY)
    for survey_id, key in standard.values_list("survey_id", "key"):
        asked[key] += per_survey[survey_id]
    values: dict[str, list] = {}
    answers = SurveyAnswer.objects.filter(
        response__in=responses.values("pk"), question__key__in=BY_KEY
    )
    for key, value in answers.values_list("question__key", "value").iterator():
        values.setdefault(key, []).append(value)
    questions = {
        q.key: tally(
            key=q.key,
            prompt=q.prompt,
            kind=q.kind,
            choices=list(q.choices),
            max_value=q.max_value,
            asked=asked[q.key],
            values=values.get(q.key, []),
        )
        for q in STANDARD_QUESTIONS
    }
    return Demographics(
        start=start, end=end, responses=sum(per_survey.values()), questions=questions
    )


def tally(
    *,
    key: str,
    prompt,
    kind: str,
    choices: Iterable[tuple[str, object]],
    max_value: int | None,
    asked: int,
    values: list,
) -> Tally:
    """Count stored answer values: per choice, or per number band with their sum."""
    if kind == QuestionKind.NUMBER:
        numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        bands = [b for b in NUMBER_BANDS if max_value is None or b[1] <= max_value]
        counts = [
            (value, label, sum(1 for n in numbers if low <= n and (high is None or n <= high)))
            for value, low, high, label in bands
        ]
        return Tally(key, prompt, kind, asked, counts, answered=len(numbers), total=sum(numbers))
    counter: Counter[str] = Counter()
    answered = 0
    for value in values:
        chosen = value if isinstance(value, list) else [value]
        counter.update(set(chosen))
        answered += bool(chosen)
    counts = [(value, label, counter[value]) for value, label in choices]
    return Tally(key, prompt, kind, asked, counts, answered=answered)
