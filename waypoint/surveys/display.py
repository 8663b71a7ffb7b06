"""Survey results as shown on a page, for the program's coordinators and admins.

These are exact counts and are not for publication: viewers, analysts and the public
read survey answers in the reports, by whole quarter and calendar year, with small
numbers hidden (``waypoint/reports/suppression.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .queries import SurveyResults, Tally

NO_ANSWER = _("No answer")


@dataclass
class Row:
    label: object
    count: int
    percent: int | None = None


@dataclass
class QuestionView:
    prompt: object
    kind: str
    total: int
    rows: list[Row]
    is_multiple: bool = False
    sum: int | None = None  # number questions: the numbers added up, when shown


@dataclass
class ResultsView:
    responses: int
    by_site: list[Row]
    questions: list[QuestionView] = field(default_factory=list)


def _percent(count: int, total: int) -> int | None:
    if not total:
        return None
    return round(100 * count / total)


def _rows(labels, counts, total) -> list[Row]:
    return [
        Row(label, count, _percent(count, total))
        for label, count in zip(labels, counts, strict=True)
    ]


def present_tally(tally: Tally) -> QuestionView:
    if tally.is_multiple:
        answers = [(label, n) for value, label, n in tally.counts]
        rows = [
            Row(label, count, _percent(count, tally.asked))
            for label, count in answers + [(NO_ANSWER, tally.no_answer)]
        ]
        return QuestionView(tally.prompt, tally.kind, tally.asked, rows, is_multiple=True)
    labels = [label for value, label, n in tally.counts] + [NO_ANSWER]
    counts = [n for value, label, n in tally.counts] + [tally.no_answer]
    total = sum(counts)
    view = QuestionView(tally.prompt, tally.kind, total, _rows(labels, counts, total))
    view.sum = tally.total
    return view


def present(results: SurveyResults) -> ResultsView:
    labels = [label for label, n in results.by_site]
    counts = [n for label, n in results.by_site]
    total = sum(counts)
    return ResultsView(
        responses=total,
        by_site=_rows(labels, counts, total),
        questions=[present_tally(t) for t in results.questions],
    )
