"""Survey results as shown on a page: with small cells suppressed (STANDARDS §3) for
everyone but the program's coordinators and admins.

Each question is one series whose total is the number of responses that were shown it:
its answers plus "no answer", so a hidden count cannot be worked out by subtracting the
shown ones from the total. A multiple-choice answer is its own series — chose it / did
not — because its counts do not add up to the total. A percentage is shown only when
both its count and its total are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waypoint.reports.suppression import suppress_series

from .queries import SurveyResults, Tally

NO_ANSWER = _("No answer")


def suppression_threshold() -> int:
    return getattr(settings, "SUPPRESSION_THRESHOLD", 10)


@dataclass
class Row:
    label: object
    count: int | None  # None: suppressed
    percent: int | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class QuestionView:
    prompt: object
    kind: str
    total: int | None
    rows: list[Row]
    is_multiple: bool = False
    sum: int | None = None  # number questions: the numbers added up, when shown


@dataclass
class ResultsView:
    suppressed: bool
    threshold: int
    responses: int | None
    by_site: list[Row]
    questions: list[QuestionView] = field(default_factory=list)

    @property
    def any_hidden(self) -> bool:
        rows = self.by_site + [row for q in self.questions for row in q.rows]
        return self.responses is None or any(row.hidden for row in rows)


def _series(counts: list[int], *, suppressed: bool, threshold: int) -> tuple[list, int | None]:
    """(shown counts, shown total) of one series; None marks a hidden value."""
    if not suppressed or not counts:
        return list(counts), sum(counts)
    table = suppress_series(counts, threshold)
    return table.cells[0], table.row_totals[0]


def _percent(count: int | None, total: int | None) -> int | None:
    if count is None or not total:
        return None
    return round(100 * count / total)


def _rows(labels, counts, total) -> list[Row]:
    return [
        Row(label, count, _percent(count, total))
        for label, count in zip(labels, counts, strict=True)
    ]


def present_tally(tally: Tally, *, suppressed: bool, threshold: int) -> QuestionView:
    if tally.is_multiple:
        rows = []
        answers = [(label, n) for value, label, n in tally.counts]
        for label, count in answers + [(NO_ANSWER, tally.no_answer)]:
            shown, total = _series(
                [count, tally.asked - count], suppressed=suppressed, threshold=threshold
            )
            rows.append(Row(label, shown[0], _percent(shown[0], total)))
        total = _series([tally.asked], suppressed=suppressed, threshold=threshold)[1]
        return QuestionView(tally.prompt, tally.kind, total, rows, is_multiple=True)
    labels = [label for value, label, n in tally.counts] + [NO_ANSWER]
    counts = [n for value, label, n in tally.counts] + [tally.no_answer]
    shown, total = _series(counts, suppressed=suppressed, threshold=threshold)
    view = QuestionView(tally.prompt, tally.kind, total, _rows(labels, shown, total))
    if tally.total is not None and (not suppressed or tally.answered > threshold):
        view.sum = tally.total
    return view


def present(
    results: SurveyResults, *, suppressed: bool, threshold: int | None = None
) -> ResultsView:
    threshold = suppression_threshold() if threshold is None else threshold
    labels = [label for label, n in results.by_site]
    shown, total = _series(
        [n for label, n in results.by_site], suppressed=suppressed, threshold=threshold
    )
    if not results.by_site:
        total = 0
    return ResultsView(
        suppressed=suppressed,
        threshold=threshold,
        responses=total,
        by_site=_rows(labels, shown, total),
        questions=[
            present_tally(t, suppressed=suppressed, threshold=threshold) for t in results.questions
        ],
    )
