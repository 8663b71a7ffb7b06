"""The visit write path keeps the daily rollups exact: logging, editing, voiding and
merging records through the real services. (That any sequence of them leaves the rollups
equal to the raw visits is the property test in tests/reports/test_rollups_indicators.py,
which also compares the indicators read from both.)"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from waypoint.core.scoping import program_scope
from waypoint.encounters.models import (
    DailyRollup,
    Encounter,
    KitOutcome,
    ParticipantDay,
    RollupState,
)
from waypoint.encounters.rollups.writes import KIT_COLUMNS, SUMS
from waypoint.encounters.services import void_encounter

from .rollup_run import Run, assert_rollups_exact, spec


def test_a_program_whose_first_visit_goes_through_the_services_has_rollups_from_then_on(world):
    run = Run(world)
    assert not RollupState.unscoped.filter(program=world.program).exists()
    run.do_log(spec())
    assert RollupState.unscoped.filter(program=world.program).exists()
    assert not RollupState.unscoped.filter(program=world.other_program).exists()


def test_merging_two_records_seen_the_same_day_leaves_one_person_day(world):
    run = Run(world)
    run.do_log(spec(person=0))
    run.do_log(spec(person=1))
    run.do_log(spec(person=1, days_ago=1))
    run.do_merge(0, 1)
    keep = run.people[world.program.pk][0]
    assert Encounter.unscoped.filter(participant=keep).count() == 3
    day = timezone.localdate() - dt.timedelta(days=2)
    rows = ParticipantDay.unscoped.filter(program=world.program, day=day)
    assert list(rows.values_list("person", "key__key", "visits")) == [
        (keep.pk, keep.network_key, 2)
    ]
    assert_rollups_exact()


def test_a_void_keeps_the_person_day_while_another_visit_that_day_remains(world):
    run = Run(world)
    run.do_log(spec(items={"naloxone": 1}))
    run.do_log(spec(items={"kit": 1}, minute=700))
    first, second = run.visits()
    day_rows = ParticipantDay.unscoped.filter(program=world.program)
    assert list(day_rows.values_list("visits", "naloxone_visits")) == [(2, 1)]
    with program_scope(world.program):
        void_encounter(first, actor=run.actor, reason="entered twice")
    assert list(day_rows.values_list("visits", "naloxone_visits")) == [(1, 0)]
    with program_scope(world.program):
        void_encounter(second, actor=run.actor, reason="entered twice")
    assert not day_rows.exists()
    assert not DailyRollup.unscoped.filter(program=world.program).exists()
    assert_rollups_exact()


def test_an_edit_that_moves_a_visit_across_midnight_moves_its_figures(world):
    run = Run(world)
    run.do_log(spec(minute=1))
    encounter = run.visits()[0]
    run.do_edit(0, spec(minute=-1, items={"kit": 5}, modality="outreach"))
    day = timezone.localdate() - dt.timedelta(days=2)
    rows = DailyRollup.unscoped.filter(program=world.program)
    assert list(rows.values_list("day", "modality", "visits", "syringes_given")) == [
        (day - dt.timedelta(days=1), "outreach", 1, 50)
    ]
    assert Encounter.unscoped.get(pk=encounter.pk).edited_at is not None
    assert_rollups_exact()


def test_every_kit_outcome_has_a_rollup_column():
    assert set(KIT_COLUMNS) == set(KitOutcome.values)
    columns = {field.name for field in DailyRollup._meta.get_fields()}
    assert set(SUMS) <= columns
