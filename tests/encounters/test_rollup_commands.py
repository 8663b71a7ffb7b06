"""``verify_rollups`` finds what differs from the raw visits, ``rebuild_rollups`` repairs
it, for every program or the ones named, for all time or some days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from waypoint.encounters.models import DailyRollup, ParticipantDay, RollupState

from .rollup_run import Run, assert_rollups_exact, spec


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


def test_a_rebuild_of_some_days_replaces_those_days_only(world, capsys):
    run = Run(world)
    run.do_log(spec(person=0, days_ago=1, minute=0))  # yesterday's first minute
    run.do_log(spec(person=1, days_ago=0, minute=-1))  # yesterday's last minute
    run.do_log(spec(person=2, days_ago=1, minute=-1))  # the day before's last minute
    DailyRollup.unscoped.filter(program=world.program).update(visits=F("visits") + 1)
    yesterday = str(timezone.localdate() - dt.timedelta(days=1))
    day_before = str(timezone.localdate() - dt.timedelta(days=2))
    call_command("rebuild_rollups", "--start", yesterday, "--end", yesterday)
    assert f"for {yesterday} – {yesterday}." in capsys.readouterr().out
    call_command("verify_rollups", "--start", yesterday, "--end", yesterday)
    with pytest.raises(CommandError, match="1 rollup row"):
        call_command("verify_rollups")
    call_command("rebuild_rollups", "--start", day_before, "--end", day_before)
    assert_rollups_exact()
    rows = DailyRollup.unscoped.filter(program=world.program).order_by("day")
    assert list(rows.values_list("visits", flat=True)) == [1, 2]


def test_a_program_with_visits_from_elsewhere_is_listed_until_rebuilt(world, capsys):
    run = Run(world)
    run.do_log(spec())
    RollupState.unscoped.filter(program=world.program).delete()
    call_command("verify_rollups")
    out = capsys.readouterr().out
    assert f"program {world.program.pk}: rollups not built" in out
    # A program with no visit at all has nothing to build: not listed.
    assert f"program {world.other_program.pk}:" not in out
    call_command("rebuild_rollups")
    assert RollupState.unscoped.filter(program=world.program).exists()


def test_bad_options_are_explained(world):
    with pytest.raises(CommandError, match="No program"):
        call_command("verify_rollups", "--program", "no-such-program")
    with pytest.raises(CommandError, match="both --start and --end"):
        call_command("rebuild_rollups", "--start", "2025-01-01")


def test_the_commands_run_on_an_empty_database(db, capsys):
    call_command("rebuild_rollups")
    call_command("verify_rollups")
    assert "Rollups of 0 program(s) match" in capsys.readouterr().out
