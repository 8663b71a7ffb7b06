"""Daily rollups stay exact through the real visit services: logging, editing, voiding
and merging records, in any order; the check command finds a tampered row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.encounters.helpers import catalog, participant, visit
from tests.factories import SiteFactory
from waypoint.core.scoping import program_scope, scopes_disabled
from waypoint.encounters.models import Encounter, KitOutcome
from waypoint.encounters.services import edit_encounter, log_encounter, void_encounter
from waypoint.participants.models import ParticipantStatus
from waypoint.participants.services import merge_participants
from waypoint.reports import rollup_rebuild
from waypoint.reports.indicators import REGISTRY, Calculator
from waypoint.reports.models import DailyRollup, ParticipantDay, RollupState
from waypoint.reports.period import Period, Scope
from waypoint.reports.rollups import KIT_COLUMNS, SUMS

ITEM_KEYS = ("kit", "box", "naloxone", "strip", "smoking")
SERVICES = ("hiv_test", "hcv_test", "wound_care")
KITS = ("", "", "still_have", "lost", "used_overdose")


def local_midnight(days_ago: int) -> dt.datetime:
    today = timezone.localdate()
    return dt.datetime.combine(
        today - dt.timedelta(days=days_ago), dt.time.min, timezone.get_default_timezone()
    )


VISIT = st.fixed_dictionaries(
    {
        "site": st.integers(0, 2),  # 0, 1: program A; 2: program B
        "person": st.one_of(st.none(), st.integers(0, 3)),
        "items": st.dictionaries(st.sampled_from(ITEM_KEYS), st.integers(1, 3), max_size=3),
        # Either side of local midnight, one to three days back.
        "days_ago": st.integers(1, 3),
        "minute": st.sampled_from([-1, 0, 1, 12 * 60]),
        "modality": st.sampled_from(["", "outreach"]),
        "returns": st.sampled_from([None, ("count", 40), ("weight", 2), ("container", 1)]),
        "services": st.lists(st.sampled_from(SERVICES), max_size=2, unique=True),
        "kit": st.sampled_from(KITS),
        "secondary": st.sampled_from([0, 0, 2]),
    }
)
OPERATIONS = st.one_of(
    st.tuples(st.just("log"), VISIT),
    st.tuples(st.just("edit"), st.integers(0, 20), VISIT),
    st.tuples(st.just("void"), st.integers(0, 20)),
    st.tuples(st.just("merge"), st.integers(0, 3), st.integers(0, 3)),
)


class Run:
    """Program A (two sites) and program B of one network, with their catalogs and four
    participants each; the first of A and of B share a code (one network key)."""

    def __init__(self, world):
        self.world = world
        self.programs = [world.program, world.program, world.other_program]
        self.sites = [world.site, SiteFactory(program=world.program), world.other_site]
        self.items = {p.pk: catalog(p) for p in (world.program, world.other_program)}
        self.people = {
            p.pk: [participant(p, code=f"SAME{n}" if n == 0 else f"P{p.pk}X{n}") for n in range(4)]
            for p in (world.program, world.other_program)
        }
        self.actor = world.owner

    def data(self, spec: dict, site=None, client_uuid=None):
        program = self.programs[spec["site"]]
        site = site or self.sites[spec["site"]]
        person = None if spec["person"] is None else self.people[program.pk][spec["person"]]
        fields = {}
        if spec["returns"] is not None:
            method, amount = spec["returns"]
            fields["collection_method"] = method
            if method == "count":
                fields["collected_count"] = amount
            elif method == "weight":
                fields["pounds"] = Decimal(amount)
            else:
                fields.update(container="1 quart", containers=amount)
        return visit(
            site,
            participant=person,
            items={self.items[program.pk][k]: q for k, q in spec["items"].items()},
            occurred_at=local_midnight(spec["days_ago"]) + dt.timedelta(minutes=spec["minute"]),
            modality=spec["modality"],
            services=spec["services"],
            kit_outcome=spec["kit"],
            secondary_recipients=spec["secondary"],
            **fields,
        )

    def visits(self):
        return list(Encounter.unscoped.filter(voided_at__isnull=True).order_by("pk"))

    def apply(self, operation) -> None:
        name, *args = operation
        try:
            getattr(self, f"do_{name}")(*args)
        except ValidationError:
            pass  # refused (a merged record, a bad combination): nothing was stored

    def do_log(self, spec):
        program = self.programs[spec["site"]]
        with program_scope(program):
            log_encounter(program, self.data(spec), actor=self.actor)

    def do_edit(self, index, spec):
        visits = self.visits()
        if not visits:
            return
        encounter = visits[index % len(visits)]
        spec = {**spec, "site": self.programs.index(encounter.program)}
        with program_scope(encounter.program):
            edit_encounter(encounter, self.data(spec, site=encounter.site), actor=self.actor)

    def do_void(self, index):
        visits = self.visits()
        if visits:
            encounter = visits[index % len(visits)]
            with program_scope(encounter.program):
                void_encounter(encounter, actor=self.actor, reason="entered twice")

    def do_merge(self, keep, drop):
        people = self.people[self.world.program.pk]
        keep, drop = people[keep], people[drop]
        keep.refresh_from_db()
        drop.refresh_from_db()
        if keep.pk == drop.pk or ParticipantStatus.MERGED in (keep.status, drop.status):
            return
        with program_scope(self.world.program):
            merge_participants(keep, drop, actor=self.actor)


def assert_rollups_exact() -> None:
    with scopes_disabled():
        assert rollup_rebuild.differences() == []


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


def test_a_program_whose_first_visit_goes_through_the_services_reads_rollups(world):
    run = Run(world)
    assert not RollupState.unscoped.filter(program=world.program).exists()
    run.do_log({**spec(), "site": 0})
    assert RollupState.unscoped.filter(program=world.program).exists()
    assert not RollupState.unscoped.filter(program=world.other_program).exists()


def spec(**changes) -> dict:
    base = {
        "site": 0,
        "person": 0,
        "items": {"kit": 2, "naloxone": 1},
        "days_ago": 2,
        "minute": 600,
        "modality": "",
        "returns": None,
        "services": [],
        "kit": "",
        "secondary": 0,
    }
    return {**base, **changes}


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
    keep = run.people[world.program.pk][0]
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


def test_verify_rollups_passes_then_finds_a_tampered_row(world, capsys):
    run = Run(world)
    run.do_log(spec())
    run.do_log(spec(site=2, person=0))
    call_command("verify_rollups")
    assert "match the raw visits" in capsys.readouterr().out
    DailyRollup.unscoped.filter(program=world.program).update(visits=F("visits") + 1)
    with pytest.raises(CommandError) as failed:
        call_command("verify_rollups", "--program", world.program.slug)
    assert failed.value.returncode == 1
    assert "1 rollup row(s) differ" in str(failed.value)
    assert "raw visits give (1," in capsys.readouterr().out
    # The other program is untouched and checks clean on its own.
    call_command("verify_rollups", "--program", str(world.other_program.pk))


def test_verify_rollups_finds_a_missing_person_day_and_rebuild_repairs_it(world, capsys):
    run = Run(world)
    run.do_log(spec())
    ParticipantDay.unscoped.filter(program=world.program).delete()
    today = timezone.localdate().isoformat()
    with pytest.raises(CommandError):
        call_command("verify_rollups", "--start", "2000-01-01", "--end", today)
    assert "rollup holds None" in capsys.readouterr().out
    call_command("rebuild_rollups", "--program", str(world.program.pk))
    call_command("verify_rollups")
    assert_rollups_exact()


def test_a_program_with_visits_from_elsewhere_is_listed_until_rebuilt(world, capsys):
    run = Run(world)
    run.do_log(spec())
    RollupState.unscoped.filter(program=world.program).delete()
    call_command("verify_rollups")
    out = capsys.readouterr().out
    assert f"program {world.program.pk}: rollups not built" in out
    # A program with no visit at all has nothing to build: not listed.
    assert f"program {world.other_program.pk}:" not in out
    with program_scope(world.program):
        day = timezone.localdate() - dt.timedelta(days=2)
        assert not Calculator(Period(day, day), Scope.of_program(world.program)).from_rollups
    call_command("rebuild_rollups")
    assert RollupState.unscoped.filter(program=world.program).exists()


def test_bad_options_are_explained(world):
    with pytest.raises(CommandError, match="No program"):
        call_command("verify_rollups", "--program", "no-such-program")
    with pytest.raises(CommandError, match="both --start and --end"):
        call_command("rebuild_rollups", "--start", "2025-01-01")


def test_every_kit_outcome_has_a_rollup_column():
    assert set(KIT_COLUMNS) == set(KitOutcome.values)
    columns = {field.name for field in DailyRollup._meta.get_fields()}
    assert set(SUMS) <= columns


def test_the_commands_run_on_an_empty_database(db, capsys):
    call_command("rebuild_rollups")
    call_command("verify_rollups")
    assert "Rollups of 0 program(s) match" in capsys.readouterr().out
