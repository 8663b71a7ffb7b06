"""Indicators read from the rollups give the raw visits' figures: after any sequence of
visit writes, on a generated network history (the benchmark's generator at small scale)
and on the hand-counted scenario."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.reports_history import generate
from tests.encounters.rollup_run import OPERATIONS, Run, assert_rollups_exact, spec
from waypoint.core.models import Network, Program
from waypoint.core.scoping import program_scope, scopes_disabled
from waypoint.encounters.models import Encounter, RollupState
from waypoint.encounters.rollups import rebuild
from waypoint.reports.compose import build_report
from waypoint.reports.definitions import TEMPLATES
from waypoint.reports.indicators import REGISTRY, Calculator, sources
from waypoint.reports.period import Period, Scope

from .scenario import Q1

END = dt.date(2025, 9, 30)


def assert_same_from_rollups_and_raw(period: Period, scope: Scope) -> None:
    rolled, raw = Calculator(period, scope), Calculator(period, scope, use_rollups=False)
    assert rolled.from_rollups
    for key, indicator in REGISTRY.items():
        if indicator.source != "rollup" or scope.kind not in indicator.scopes:
            continue
        assert rolled.value(key) == raw.value(key), key
        for by in indicator.disaggregations:
            assert rolled.breakdown(key, by) == raw.breakdown(key, by), (key, by)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(OPERATIONS, min_size=1, max_size=14))
def test_any_sequence_of_visit_writes_leaves_rollups_equal_to_the_raw_visits(world, operations):
    with transaction.atomic():
        run = Run(world)
        for operation in operations:
            run.apply(operation)
        assert_rollups_exact()
        period = Period(timezone.localdate() - dt.timedelta(days=4), timezone.localdate())
        if Encounter.unscoped.filter(program=world.program).exists():
            with program_scope(world.program):
                assert_same_from_rollups_and_raw(period, Scope.of_program(world.program))
            if Encounter.unscoped.filter(program=world.other_program).exists():
                assert_same_from_rollups_and_raw(period, Scope.of_network(world.network))
        transaction.set_rollback(True)


def test_merging_two_records_seen_the_same_day_counts_one_person(world):
    run = Run(world)
    run.do_log(spec(person=0))
    run.do_log(spec(person=1))
    run.do_log(spec(person=1, days_ago=1))
    day = timezone.localdate() - dt.timedelta(days=2)
    period = Period(day, day + dt.timedelta(days=1))
    scope = Scope.of_program(world.program)
    with program_scope(world.program):
        assert Calculator(period, scope).count("unique_people") == 2
        run.do_merge(0, 1)
        assert Calculator(period, scope).count("unique_people") == 1
        assert_same_from_rollups_and_raw(period, scope)


def test_a_program_whose_rollups_were_never_built_reads_the_raw_visits(world):
    run = Run(world)
    run.do_log(spec())
    RollupState.unscoped.filter(program=world.program).delete()
    day = timezone.localdate() - dt.timedelta(days=2)
    with program_scope(world.program):
        calc = Calculator(Period(day, day), Scope.of_program(world.program))
        assert not calc.from_rollups
        assert calc.count("visits") == 1
    call_command("rebuild_rollups", verbosity=0)
    with program_scope(world.program):
        assert Calculator(Period(day, day), Scope.of_program(world.program)).from_rollups


@pytest.fixture
def history(db):
    found = generate(visits=4000, programs=3, end=END, seed=3, log=lambda *_: None)
    call_command("rebuild_rollups", verbosity=0)
    return found


PERIODS = {
    "quarter": Period(dt.date(2025, 7, 1), END),
    "year": Period(dt.date(2024, 10, 1), END),
    "whole history": Period(dt.date(2022, 10, 1), END),
    "one day": Period(dt.date(2025, 3, 12), dt.date(2025, 3, 12)),
    "a week across a month": Period(dt.date(2025, 4, 28), dt.date(2025, 5, 4)),
}


def test_generated_history_has_the_shape_the_benchmark_needs(history):
    assert history.visits == 4000
    assert 2.8 * 4000 < history.items < 3.2 * 4000
    with scopes_disabled():
        assert rebuild.differences() == []
        assert rebuild.unready() == []


@pytest.mark.parametrize("name", sorted(PERIODS))
def test_every_indicator_is_the_same_from_rollups_as_from_raw_visits(history, name):
    period = PERIODS[name]
    with scopes_disabled():
        network = Network.objects.get(pk=history.network_id)
        program = Program.objects.get(pk=history.program_ids[0])
        site = program.sites.order_by("pk").first()
    assert_same_from_rollups_and_raw(period, Scope.of_network(network))
    with program_scope(program):
        assert_same_from_rollups_and_raw(period, Scope.of_program(program))
        assert_same_from_rollups_and_raw(period, Scope.of_program(program, site))


def test_state_reports_are_the_same_from_rollups(history, monkeypatch):
    period = PERIODS["quarter"]
    with scopes_disabled():
        network = Network.objects.get(pk=history.network_id)
        program = Program.objects.get(pk=history.program_ids[0])
    for key in ("utah", "california", "network"):
        template = TEMPLATES[key]
        scopes = [Scope.of_network(network)]
        if template.program:
            scopes.append(Scope.of_program(program))
        for scope in scopes:
            with program_scope(program), monkeypatch.context() as patched:
                with scope.opened():
                    assert sources.rollups_ready(scope)
                rolled = build_report(template, period, scope, suppressed=False)
                patched.setattr(sources, "rollups_ready", lambda scope: False)
                raw = build_report(template, period, scope, suppressed=False)
            assert rolled.sections == raw.sections, (key, scope.kind)
            assert rolled.sections[0].tables[0].rows[0].cells[0].value


def test_the_hand_counted_scenario_reads_the_same_from_rebuilt_rollups(scn):
    call_command("rebuild_rollups", verbosity=0)
    with program_scope(scn.program):
        for scope in (Scope.of_program(scn.program), Scope.of_program(scn.program, scn.s1)):
            assert_same_from_rollups_and_raw(Q1, scope)
        assert Calculator(Q1, Scope.of_program(scn.program)).count("unique_people") == 2
    assert_same_from_rollups_and_raw(Q1, Scope.of_network(scn.network))
    with scopes_disabled():
        assert rebuild.differences() == []


def test_rollup_indicators_cover_the_visit_figures_of_the_state_reports():
    rolled = {key for key, indicator in REGISTRY.items() if indicator.source == "rollup"}
    for key in ("utah", "california", "maryland", "west_virginia", "network"):
        keys = TEMPLATES[key].indicator_keys()
        raw = {k for k in keys if REGISTRY[k].source == "raw"}
        # What stays raw reads small tables: participants, reports, surveys, sites, or
        # works out a figure from rolled-up counts and a setting (ratio, coverage, reach).
        assert raw <= {
            "new_people",
            "reversals",
            "collection_ratio",
            "syringe_coverage",
            "syringe_coverage_band",
            "pwid_reached",
            "survey_age",
            "survey_gender",
            "survey_race",
        }, (key, raw - rolled)


def test_network_figures_cover_every_program_also_inside_a_program_scope(history):
    period = PERIODS["quarter"]
    begin, finish = period.bounds()
    with scopes_disabled():
        network = Network.objects.get(pk=history.network_id)
        program = Program.objects.get(pk=history.program_ids[0])
        visits = Encounter.unscoped.filter(
            program__network=network,
            voided_at__isnull=True,
            occurred_at__gte=begin,
            occurred_at__lt=finish,
        )
        people = (
            visits.filter(participant__isnull=False)
            .values(
                key=Coalesce("participant__merged_into__network_key", "participant__network_key")
            )
            .distinct()
            .count()
        )
        expected = (visits.count(), people)
    assert expected[0] > visits.filter(program=program).count() > 0
    with program_scope(program):  # as in a request of one of the programs
        for use_rollups in (True, False):
            calc = Calculator(period, Scope.of_network(network), use_rollups=use_rollups)
            calc.prefetch(["visits", "unique_people"])  # as a report does, before any value
            assert (calc.count("visits"), calc.count("unique_people")) == expected


def test_a_networks_people_by_program_come_with_its_total_in_one_statement(history):
    """The suppression of a network report needs each program's people (a small program
    hides the network's total); they are counted in the statement that counts the
    network's people, and match each program's own count from the raw visits."""
    period = PERIODS["quarter"]
    begin, finish = period.bounds()
    with scopes_disabled():
        network = Network.objects.get(pk=history.network_id)
        visits = Encounter.unscoped.filter(
            program__network=network,
            voided_at__isnull=True,
            occurred_at__gte=begin,
            occurred_at__lt=finish,
        )
        key = Coalesce("participant__merged_into__network_key", "participant__network_key")
        expected = {
            program: visits.filter(program=program, participant__isnull=False)
            .values(key=key)
            .distinct()
            .count()
            for program in history.program_ids
        }
        calc = Calculator(period, Scope.of_network(network))
        with CaptureQueriesContext(connection) as counted:
            calc.prefetch(["unique_people", "naloxone_people", "visits"])
        read = [q["sql"] for q in counted.captured_queries]
        for table in ("reports_participantday", "reports_dailyrollup"):
            assert len([q for q in read if table in q]) == 1, (table, read)
        with CaptureQueriesContext(connection) as again:
            found = calc.breakdown("unique_people", "program")
            visits_found = calc.breakdown("visits", "program")
        assert not any(
            table in q["sql"]
            for q in again.captured_queries
            for table in ("reports_participantday", "reports_dailyrollup")
        )
        by_program = {c.key: c.measure.value for c in found.categories}
        assert by_program == expected and len(expected) == 3
        assert sum(expected.values()) >= calc.count("unique_people") > max(expected.values())
        visits_by_program = {c.key: c.measure.value for c in visits_found.categories}
        assert visits_by_program == {
            program: visits.filter(program=program).count() for program in history.program_ids
        }
        assert calc.count("visits") == sum(visits_by_program.values())
