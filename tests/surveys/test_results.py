"""Counting answers (exact) and showing them (suppressed for everyone but coordinators)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import SiteFactory
from waypoint.core.scoping import program_scope
from waypoint.surveys.display import present
from waypoint.surveys.models import SurveyResponse
from waypoint.surveys.queries import demographics, survey_results

from .helpers import make_survey, submit


def _counts(tally) -> dict[str, int]:
    return {value: n for value, _label, n in tally.counts}


def _by_key(results):
    return {t.key: t for t in results.questions}


@pytest.fixture
def survey(world):
    return make_survey(world.program, world.owner, open_it=True)


def test_survey_results_count_every_answer_and_the_skipped(world, survey):
    north = SiteFactory(program=world.program, name="North")
    for _ in range(3):
        submit(
            survey, {"age_range": "under_25", "race_ethnicity": ["white", "hispanic"]}, site=north
        )
    submit(survey, {"age_range": "35_44", "race_ethnicity": ["black"], "reversals_6m": 4})
    submit(survey, {"reversals_6m": 0, "overdose_6m": "prefer_not"}, site=world.site)
    with program_scope(world.program):
        results = survey_results(survey)
    assert results.responses == 5
    assert results.by_site == [("North", 3), ("Site A", 1), ("No site (online link)", 1)]
    tallies = _by_key(results)
    age = tallies["age_range"]
    assert _counts(age)["under_25"] == 3 and _counts(age)["35_44"] == 1
    assert age.answered == 4 and age.no_answer == 1
    race = tallies["race_ethnicity"]
    assert _counts(race)["white"] == 3 and _counts(race)["black"] == 1
    assert race.answered == 4 and race.no_answer == 1
    reversals = tallies["reversals_6m"]
    assert _counts(reversals) == {"0": 1, "1": 0, "2-4": 1, "5-9": 0, "10+": 0}
    assert reversals.total == 4 and reversals.answered == 2
    assert _counts(tallies["overdose_6m"])["prefer_not"] == 1


def test_demographics_count_standard_answers_across_surveys_in_the_period(world, survey):
    second = make_survey(world.program, world.owner, title="Autumn", keys=["gender"], open_it=True)
    submit(survey, {"gender": "woman", "age_range": "under_25"})
    submit(second, {"gender": "woman"})
    submit(second, {"gender": "non_binary"})
    old = submit(second, {"gender": "man"}).response
    SurveyResponse.unscoped.filter(pk=old.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=400)
    )
    other_program = make_survey(world.other_program, world.outsider, open_it=True)
    submit(other_program, {"gender": "man"})
    today = timezone.localdate()
    with program_scope(world.program):
        report = demographics(world.program, start=today - dt.timedelta(days=30), end=today)
    assert report.responses == 3
    gender = report.questions["gender"]
    assert gender.asked == 3 and _counts(gender)["woman"] == 2
    assert _counts(gender)["non_binary"] == 1 and _counts(gender)["man"] == 0
    # Only the first survey asked age: one response was asked, and answered.
    age = report.questions["age_range"]
    assert age.asked == 1 and age.answered == 1
    assert str(age.counts[0][1]) == "Under 25"


def test_coordinators_see_exact_counts_and_percentages(world, survey):
    for _ in range(14):
        submit(survey, {"overdose_6m": "no"}, site=world.site)
    for _ in range(3):
        submit(survey, {"overdose_6m": "yes"}, site=world.site)
    with program_scope(world.program):
        shown = present(survey_results(survey))
    overdose = next(q for q in shown.questions if "overdose" in str(q.prompt))
    rows = {str(row.label): row for row in overdose.rows}
    assert shown.responses == 17 and overdose.total == 17
    assert (rows["Yes"].count, rows["Yes"].percent) == (3, 18)
    assert (rows["No"].count, rows["No"].percent) == (14, 82)
    assert rows["Prefer not to say"].count == 0 and rows["No answer"].count == 0


def test_a_multiple_choice_answer_is_a_share_of_everyone_asked(world, survey):
    for _ in range(20):
        submit(survey, {"race_ethnicity": ["white"]})
    for _ in range(12):
        submit(survey, {"race_ethnicity": ["white", "black"]})
    with program_scope(world.program):
        shown = present(survey_results(survey))
    race = next(q for q in shown.questions if q.is_multiple)
    rows = {str(row.label): row for row in race.rows}
    assert (rows["Black or African American"].count, rows["Black or African American"].percent) == (
        12,
        38,
    )
    assert rows["White"].count == 32 and rows["White"].percent == 100
    assert rows["Asian"].count == 0


def test_the_numbers_given_are_added_up(world, survey):
    for n in range(5):
        submit(survey, {"reversals_6m": n})
    with program_scope(world.program):
        results = survey_results(survey)
    reversals = next(q for q in present(results).questions if q.kind == "number")
    assert reversals.sum == 10


def test_a_survey_with_no_responses_shows_zero(world, survey):
    with program_scope(world.program):
        shown = present(survey_results(survey))
    assert shown.responses == 0 and shown.by_site == []
