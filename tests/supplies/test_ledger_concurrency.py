"""64 concurrent writers on a real PostgreSQL: visits and transfers on the same site and
items leave every balance exact, and a transfer is received or cancelled exactly once.

Each thread uses its own database connection and closes it when done.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.concurrency import requires_postgres, run_threads
from tests.encounters.helpers import visit
from tests.factories import NetworkFactory, ProgramFactory, SiteFactory, member
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.services import log_encounter
from waypoint.supplies.models import MovementKind, StockMovement, Transfer, TransferStatus
from waypoint.supplies.services.stock import ReceiptLine, receive_stock
from waypoint.supplies.services.transfers import (
    TransferLineInput,
    cancel_transfer,
    receive_transfer,
    send_transfer,
)

from .helpers import assert_ledger_consistent, stocked_catalog, van

pytestmark = [pytest.mark.postgres_only, requires_postgres, pytest.mark.django_db(transaction=True)]

THREADS = 64
ROUNDS = 6


def test_concurrent_visits_and_transfers_leave_balances_exact():
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program, name="Fixed site")
    coordinator = member(program, Role.COORDINATOR)
    with program_scope(program):
        items = stocked_catalog(program)
        kit, naloxone = items["kit"], items["naloxone"]
        vans = [van(program, "Van 1"), van(program, "Van 2")]
        soon = dt.date.today() + dt.timedelta(days=30)
        later = dt.date.today() + dt.timedelta(days=200)
        receive_stock(
            program,
            site,
            [
                ReceiptLine(kit, 5000),
                ReceiptLine(naloxone, 800, "SOON", soon),
                ReceiptLine(naloxone, 800, "LATER", later),
            ],
            actor=coordinator,
        )

    def work(n: int) -> None:
        with program_scope(program):
            for i in range(ROUNDS):
                if n % 2:
                    # Items in a different order per thread: locks are taken in one order anyway.
                    lines = {kit: 1 + i % 3, naloxone: 1} if n % 4 == 1 else {naloxone: 2, kit: 1}
                    log_encounter(program, visit(site, items=lines), actor=coordinator)
                    continue
                destination = vans[(n // 2) % 2]
                if n % 4 == 0:
                    # Sending from the site: naloxone split over its lots, earliest first.
                    transfer = send_transfer(
                        program,
                        site,
                        destination,
                        [TransferLineInput(naloxone, 3), TransferLineInput(kit, 5)],
                        actor=coordinator,
                    )
                else:
                    # Sending back to the site (the van runs short; never refused).
                    transfer = send_transfer(
                        program, destination, site, [TransferLineInput(kit, 2)], actor=coordinator
                    )
                if i % 3 == 2:
                    cancel_transfer(transfer, actor=coordinator, reason="plans changed")
                else:
                    receive_transfer(transfer, actor=coordinator)

    errors = run_threads(THREADS, work)
    assert not errors, errors[:3]
    with program_scope(program):
        assert_ledger_consistent(program)
        visits = StockMovement.unscoped.filter(kind=MovementKind.DISTRIBUTE)
        assert visits.values("encounter").distinct().count() == THREADS // 2 * ROUNDS
        assert not Transfer.unscoped.filter(status=TransferStatus.SENT).exists()


def test_a_transfer_received_and_cancelled_at_once_happens_once():
    program = ProgramFactory(network=NetworkFactory())
    site = SiteFactory(program=program, name="Fixed site")
    coordinator = member(program, Role.COORDINATOR)
    with program_scope(program):
        kit = stocked_catalog(program)["kit"]
        the_van = van(program)
        receive_stock(program, site, [ReceiptLine(kit, 100)], actor=coordinator)
        transfers = [
            send_transfer(program, site, the_van, [TransferLineInput(kit, 10)], actor=coordinator)
            for _ in range(8)
        ]
    refused: list[int] = []

    def work(n: int) -> None:
        transfer = transfers[n // 2]
        with program_scope(program):
            try:
                if n % 2:
                    receive_transfer(transfer, actor=coordinator)
                else:
                    cancel_transfer(transfer, actor=coordinator, reason="not needed")
            except ValidationError:
                refused.append(n)

    errors = run_threads(16, work)
    assert not errors, errors[:3]
    assert len(refused) == 8
    with program_scope(program):
        assert_ledger_consistent(program)
        closing = StockMovement.unscoped.filter(
            kind__in=[MovementKind.TRANSFER_IN, MovementKind.TRANSFER_RETURN]
        )
        assert closing.count() == 8
