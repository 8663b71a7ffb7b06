"""Concurrent visits on a real PostgreSQL: rollup rows shared by every writer (one site,
one day, the same few people) lose no update and deadlock nowhere, also while the
rollups are rebuilt."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from tests.concurrency import run_threads
from tests.encounters.helpers import catalog, participant, visit
from tests.factories import NetworkFactory, ProgramFactory, SiteFactory, member
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope, scopes_disabled
from waypoint.encounters.models import DailyRollup, Encounter
from waypoint.encounters.rollups import rebuild
from waypoint.encounters.services import log_encounter, void_encounter

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

THREADS = 12
VISITS_PER_THREAD = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks under real concurrency)")


def test_concurrent_visits_voids_and_a_rebuild_leave_rollups_exact():
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program)
    actor = member(program, Role.COORDINATOR)
    items = catalog(program)
    people = [participant(program) for _ in range(3)]

    def work(n: int) -> None:
        with program_scope(program):
            for k in range(VISITS_PER_THREAD):
                person = people[(n + k) % 3] if k % 4 else None
                given = {items["kit"]: 1 + k % 3, items["naloxone"]: k % 2}
                result = log_encounter(
                    program, visit(site, participant=person, items=given), actor=actor
                )
                if k % 3 == 2:
                    void_encounter(result.encounter, actor=actor, reason="entered twice")
                if n == 0 and k == VISITS_PER_THREAD // 2:
                    with scopes_disabled():
                        rebuild.rebuild([program.pk])

    assert run_threads(THREADS, work) == []
    kept = Encounter.unscoped.filter(program=program, voided_at__isnull=True).count()
    assert kept == THREADS * (VISITS_PER_THREAD - VISITS_PER_THREAD // 3)
    with scopes_disabled():
        assert rebuild.differences() == []
    assert (
        sum(DailyRollup.unscoped.filter(program=program).values_list("visits", flat=True)) == kept
    )


def test_a_rebuild_holds_up_only_its_own_programs_visits():
    network = NetworkFactory()
    rebuilt, other = ProgramFactory(network=network), ProgramFactory(network=network)
    sites = {p.pk: SiteFactory(program=p) for p in (rebuilt, other)}
    actors = {p.pk: member(p, Role.COORDINATOR) for p in (rebuilt, other)}
    items = {p.pk: catalog(p) for p in (rebuilt, other)}

    def log(program) -> None:
        with program_scope(program):
            log_encounter(
                program,
                visit(sites[program.pk], items={items[program.pk]["kit"]: 2}),
                actor=actors[program.pk],
            )

    log(rebuilt)  # the program has rollups to rebuild
    rebuilding, release = threading.Event(), threading.Event()
    finished: dict[str, float] = {}

    def rebuild_and_hold() -> None:
        try:
            with transaction.atomic(), scopes_disabled():  # held open until released
                rebuild.rebuild([rebuilt.pk])
                rebuilding.set()
                release.wait(timeout=60)
            finished["rebuild"] = time.monotonic()
        finally:
            connection.close()

    def visit_in(program, name) -> None:
        try:
            log(program)
            finished[name] = time.monotonic()
        finally:
            connection.close()

    holder = threading.Thread(target=rebuild_and_hold)
    holder.start()
    assert rebuilding.wait(timeout=60)
    same = threading.Thread(target=visit_in, args=(rebuilt, "same program"))
    elsewhere = threading.Thread(target=visit_in, args=(other, "other program"))
    same.start()
    elsewhere.start()
    elsewhere.join(timeout=30)
    assert "other program" in finished  # not held up by the rebuild
    time.sleep(1)
    assert "same program" not in finished  # waits for the rebuild to finish
    release.set()
    for thread in (holder, same):
        thread.join(timeout=60)
    assert finished["same program"] >= finished["rebuild"]
    with scopes_disabled():
        assert rebuild.differences() == []
    assert sum(DailyRollup.unscoped.filter(program=rebuilt).values_list("visits", flat=True)) == 2
