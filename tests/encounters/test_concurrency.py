"""Concurrent visits on a real PostgreSQL: stock stays exact, a duplicate is stored once.

Each thread uses its own database connection and closes it when done.
"""

from __future__ import annotations

import uuid

import pytest

from tests.concurrency import requires_postgres, run_threads
from tests.factories import NetworkFactory, ProgramFactory, SiteFactory
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.encounters.services import log_encounter
from waypoint.supplies.models import MovementKind, StockBalance
from waypoint.supplies.services.ledger import record_movements

from .helpers import catalog, visit

pytestmark = [pytest.mark.postgres_only, requires_postgres, pytest.mark.django_db(transaction=True)]

THREADS = 32
VISITS_PER_THREAD = 20
START = 100_000


def test_concurrent_visits_at_one_site_leave_on_hand_exact():
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program)
    items = catalog(program)
    kit, naloxone, strip = items["kit"], items["naloxone"], items["strip"]
    with program_scope(program):
        from django.db import transaction

        with transaction.atomic():
            record_movements(
                program=program,
                site=site,
                changes={kit.pk: START, naloxone.pk: START},
                kind=MovementKind.RECEIVE,
            )

    def work(n: int) -> None:
        with program_scope(program):
            for i in range(VISITS_PER_THREAD):
                # Items in a different order per thread: row locks are taken in item order anyway.
                lines = (
                    {kit: 1 + (i % 3), naloxone: 1, strip: 2}
                    if n % 2
                    else {strip: 2, naloxone: 1, kit: 1 + (i % 3)}
                )
                log_encounter(program, visit(site, items=lines))

    errors = run_threads(THREADS, work)
    assert not errors, errors[:3]

    per_thread_kits = sum(1 + (i % 3) for i in range(VISITS_PER_THREAD))
    balances = {b.item_id: b for b in StockBalance.unscoped.filter(site=site)}
    assert Encounter.unscoped.filter(program=program).count() == THREADS * VISITS_PER_THREAD
    assert balances[kit.pk].on_hand == START - THREADS * per_thread_kits
    assert balances[naloxone.pk].on_hand == START - THREADS * VISITS_PER_THREAD
    assert balances[strip.pk].on_hand == -2 * THREADS * VISITS_PER_THREAD
    assert balances[strip.pk].needs_recount and not balances[kit.pk].needs_recount


def test_a_concurrent_duplicate_is_stored_once():
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program)
    kit = catalog(program)["kit"]
    key = uuid.uuid4()
    results = []

    def work(n: int) -> None:
        with program_scope(program):
            results.append(log_encounter(program, visit(site, items={kit: 2}, client_uuid=key)))

    errors = run_threads(8, work)
    assert not errors, errors[:3]
    assert Encounter.unscoped.filter(program=program).count() == 1
    assert len({r.encounter.pk for r in results}) == 1 and sum(r.created for r in results) == 1
    assert StockBalance.unscoped.get(site=site, item=kit).on_hand == -2
