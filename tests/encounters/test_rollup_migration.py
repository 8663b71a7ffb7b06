"""Moving the daily rollups' models from reports to encounters keeps their tables and
rows: migrated back to before the move, the old reports models read the rows the visits
wrote; migrated forward again, the encounters models read them, and they still equal
what the raw visits give."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from waypoint.core.scoping import scopes_disabled
from waypoint.encounters.models import Encounter
from waypoint.encounters.rollups import models as rollup_models
from waypoint.encounters.rollups import rebuild

from .rollup_run import Run, spec

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before the move (reports' 0008 and encounters' 0003 make it).
BEFORE = [("reports", "0007_quarter_email"), ("encounters", "0002_initial")]
MODELS = (
    "RollupState",
    "DailyRollup",
    "DailyItemRollup",
    "DailyServiceRollup",
    "NetworkKey",
    "ParticipantDay",
)
TABLES = {
    "reports_rollupstate",
    "reports_dailyrollup",
    "reports_dailyitemrollup",
    "reports_dailyservicerollup",
    "reports_networkkey",
    "reports_participantday",
}


def _counts() -> dict[str, int]:
    return {name: getattr(rollup_models, name)._base_manager.count() for name in MODELS}


def _migrate(targets=None) -> MigrationExecutor:
    """Migrate to ``targets`` (the latest migrations when None)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()  # read what is applied now
    return executor


def test_the_rollups_keep_their_tables_and_rows_across_the_move(world):
    run = Run(world)
    run.do_log(spec(person=0, items={"kit": 2, "naloxone": 1}, services=["hiv_test"]))
    run.do_log(spec(person=1, days_ago=1, kit="still_have"))
    run.do_log(spec(person=None, site=2, returns=("count", 40)))
    run.do_log(spec(person=2, minute=700))
    run.do_merge(0, 1)
    run.do_void(3)
    counts = _counts()
    assert all(counts.values()), counts
    assert {getattr(rollup_models, name)._meta.db_table for name in MODELS} == TABLES

    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        assert {name: old.get_model("reports", name).objects.count() for name in MODELS} == counts
        with pytest.raises(LookupError):
            old.get_model("encounters", "DailyRollup")
        days = old.get_model("reports", "DailyRollup").objects
        assert sum(days.values_list("visits", flat=True)) == 3  # four logged, one voided
    finally:
        executor = _migrate()

    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    with pytest.raises(LookupError):
        new.get_model("reports", "DailyRollup")
    assert new.get_model("encounters", "DailyRollup")._meta.db_table == "reports_dailyrollup"
    assert _counts() == counts
    with scopes_disabled():
        assert rebuild.differences() == []
    call_command("verify_rollups")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "reports_dailyrollup")
        assert indexes["reports_dailyrollup_day_brin"]["type"] == "brin"
    # And the visits keep writing them.
    run.do_log(spec(person=3, days_ago=3))
    assert Encounter.unscoped.filter(voided_at__isnull=True).count() == 4
    with scopes_disabled():
        assert rebuild.differences() == []
