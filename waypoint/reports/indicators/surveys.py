"""Answers to the anonymous point-in-time surveys (age, gender, race/ethnicity, overdose
experience): demographics come from these, never from participant records."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Program
from waypoint.surveys.queries import Demographics, Tally, demographics
from waypoint.surveys.standard import QuestionKind

from .base import (
    ADDITIVE,
    PEOPLE,
    SHARES,
    Breakdown,
    Calculator,
    Category,
    FunctionIndicator,
    Measure,
    register,
)

SCOPES = frozenset({"program", "network"})


def _merge(parts: list[Demographics]) -> dict[str, Tally]:
    """One program's tallies, or the tallies of several programs added together."""
    merged: dict[str, Tally] = {}
    for part in parts:
        for key, tally in part.questions.items():
            if key not in merged:
                merged[key] = Tally(
                    key, tally.prompt, tally.kind, tally.asked, list(tally.counts), tally.answered
                )
                continue
            into = merged[key]
            into.asked += tally.asked
            into.answered += tally.answered
            into.counts = [
                (value, label, n + m)
                for (value, label, n), (_v, _l, m) in zip(into.counts, tally.counts, strict=True)
            ]
    return merged


def _tallies(calc: Calculator) -> tuple[int, dict[str, Tally]]:
    def make():
        period = calc.period
        if calc.scope.is_network:
            programs = Program.objects.filter(network=calc.scope.network, is_active=True)
        else:
            programs = [calc.scope.program]
        parts = [demographics(p, start=period.start, end=period.end) for p in programs]
        return sum(p.responses for p in parts), _merge(parts)

    return calc.memo("survey_tallies", make)


def _responses(calc: Calculator) -> Measure:
    return Measure(_tallies(calc)[0], PEOPLE)


def _question(key: str):
    def compute(calc: Calculator) -> Breakdown:
        tally = _tallies(calc)[1][key]
        categories = [
            Category(value, str(label), Measure(n, PEOPLE)) for value, label, n in tally.counts
        ]
        categories.append(Category("", gettext("No answer"), Measure(tally.no_answer, PEOPLE)))
        kind = SHARES if tally.kind == QuestionKind.MULTIPLE else ADDITIVE
        return Breakdown(key, categories, Measure(tally.asked, PEOPLE), kind)

    return compute


RESPONSES = FunctionIndicator(
    key="survey_responses",
    name=_("Point-in-time survey responses"),
    description=_(
        "Anonymous survey responses submitted in the period, over all of the program's surveys."
    ),
    unit=PEOPLE,
    scopes=SCOPES,
    function=_responses,
)


def survey_indicator(key: str, question: str, name, description) -> FunctionIndicator:
    return FunctionIndicator(
        key=key,
        name=name,
        description=description,
        unit=PEOPLE,
        scopes=SCOPES,
        function=_question(question),
    )


ANSWERS = _(
    "Answers to the standard question in anonymous surveys submitted in the period; the "
    "total is the number of responses that were asked it."
)

register(
    RESPONSES,
    survey_indicator("survey_age", "age_range", _("Age range (survey)"), ANSWERS),
    survey_indicator("survey_gender", "gender", _("Gender (survey)"), ANSWERS),
    survey_indicator(
        "survey_race",
        "race_ethnicity",
        _("Race and ethnicity (survey)"),
        _(
            "Answers to the standard question in anonymous surveys submitted in the period. "
            "People could choose several answers, so each is shown as a share of the "
            "responses asked."
        ),
    ),
    survey_indicator(
        "survey_overdose", "overdose_6m", _("Own overdose in the past 6 months (survey)"), ANSWERS
    ),
    survey_indicator(
        "survey_reversals",
        "reversals_6m",
        _("Overdoses reversed in the past 6 months (survey)"),
        ANSWERS,
    ),
    survey_indicator(
        "survey_injected", "injected_30d", _("Injected in the past 30 days (survey)"), ANSWERS
    ),
    survey_indicator(
        "survey_naloxone_ran_out",
        "naloxone_ran_out_3m",
        _("Ran out of or rationed naloxone in the past 3 months (survey)"),
        ANSWERS,
    ),
)
