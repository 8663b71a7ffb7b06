"""The inventory ledger: for any sequence of receipts, visits, transfers, adjustments and
counts, every cached balance equals the sum of its ledger rows, and no row changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.encounters.helpers import visit
from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.encounters.services import edit_encounter, log_encounter, void_encounter
from waypoint.supplies.models import (
    LedgerError,
    Lot,
    LotBalance,
    MovementKind,
    MovementReason,
    StockBalance,
    StockMovement,
    StockOutDay,
    Transfer,
    TransferStatus,
)
from waypoint.supplies.services.counts import record_stock_count
from waypoint.supplies.services.lots import suggest_lots
from waypoint.supplies.services.stock import (
    ReceiptLine,
    adjust_stock,
    receive_stock,
    write_off_stock,
)
from waypoint.supplies.services.transfers import (
    TransferLineInput,
    cancel_transfer,
    receive_transfer,
    send_transfer,
)

from .helpers import (
    assert_ledger_consistent,
    assert_unchanged,
    movement_snapshot,
    stocked_catalog,
    van,
)

ITEMS = ["kit", "naloxone", "strip"]
LOTS = ["A1", "B2", "C3"]
TODAY = dt.date.today()
EXPIRY = {"A1": TODAY + dt.timedelta(days=20), "B2": TODAY + dt.timedelta(days=90), "C3": None}

site_i = st.integers(0, 2)
item_key = st.sampled_from(ITEMS)
lot_key = st.sampled_from(LOTS)
OPERATIONS = st.one_of(
    st.tuples(st.just("receive"), site_i, item_key, st.integers(1, 40), lot_key),
    st.tuples(st.just("visit"), site_i, st.dictionaries(item_key, st.integers(1, 6), min_size=1)),
    st.tuples(st.just("edit"), st.dictionaries(item_key, st.integers(0, 6))),
    st.tuples(st.just("void")),
    st.tuples(
        st.just("send"), site_i, st.integers(1, 2), item_key, st.integers(1, 30), st.booleans()
    ),
    st.tuples(st.just("close"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("adjust"), site_i, item_key, st.integers(-15, 15).filter(bool)),
    st.tuples(st.just("write_off"), site_i, item_key, st.integers(1, 10), st.booleans()),
    st.tuples(
        st.just("count"),
        site_i,
        st.lists(st.tuples(item_key, st.booleans(), st.integers(0, 30)), min_size=1, max_size=4),
    ),
)


@pytest.fixture(autouse=True)
def _scope(world):
    with program_scope(world.program):
        yield


class Run:
    """Applies generated operations through the real services, as a coordinator would."""

    def __init__(self, world):
        self.world = world
        self.program = world.program
        self.items = stocked_catalog(world.program)
        self.sites = [world.site, van(world.program, "Van 1"), van(world.program, "Van 2")]
        self.actor = world.owner

    def lot_for(self, item, *, at_site=None):
        lots = Lot.unscoped.filter(item=item)
        if at_site is not None:
            lots = lots.filter(balances__site=at_site)
        return lots.order_by("pk").first()

    def apply(self, op):
        name, *args = op
        getattr(self, f"do_{name}")(*args)

    def do_receive(self, s, key, qty, lot):
        item = self.items[key]
        line = ReceiptLine(item, qty)
        if item.tracks_lots:
            line = ReceiptLine(item, qty, lot_number=lot, expires_on=EXPIRY[lot] or TODAY)
            known = Lot.unscoped.filter(item=item, lot_number=lot).first()
            if known is not None:
                line.expires_on = known.expires_on
        receive_stock(self.program, self.sites[s], [line], actor=self.actor, supplier="Supplier")

    def do_visit(self, s, given):
        data = visit(self.sites[s], items={self.items[k]: q for k, q in given.items()})
        log_encounter(self.program, data, actor=self.actor)

    def _last_visit(self):
        return Encounter.unscoped.filter(program=self.program, voided_at__isnull=True).last()

    def do_edit(self, given):
        encounter = self._last_visit()
        if encounter is None:
            return
        data = visit(encounter.site, items={self.items[k]: q for k, q in given.items()})
        edit_encounter(encounter, data, actor=self.actor)

    def do_void(self):
        encounter = self._last_visit()
        if encounter is not None:
            void_encounter(encounter, actor=self.actor, reason="entered twice")

    def do_send(self, s, offset, key, qty, named_lot):
        origin, destination = self.sites[s], self.sites[(s + offset) % 3]
        item = self.items[key]
        lot = self.lot_for(item, at_site=origin) if named_lot and item.tracks_lots else None
        send_transfer(
            self.program, origin, destination, [TransferLineInput(item, qty, lot)], actor=self.actor
        )

    def do_close(self, index, receive):
        open_ones = list(Transfer.unscoped.filter(status=TransferStatus.SENT).order_by("pk"))
        if not open_ones:
            return
        transfer = open_ones[index % len(open_ones)]
        if receive:
            receive_transfer(transfer, actor=self.actor)
        else:
            cancel_transfer(transfer, actor=self.actor, reason="van broke down")

    def do_adjust(self, s, key, qty):
        reason = MovementReason.FOUND if qty > 0 else MovementReason.LOST
        adjust_stock(
            self.program, self.sites[s], self.items[key], qty, reason=reason, actor=self.actor
        )

    def do_write_off(self, s, key, qty, named_lot):
        item = self.items[key]
        lot = self.lot_for(item, at_site=self.sites[s]) if named_lot and item.tracks_lots else None
        write_off_stock(
            self.program,
            self.sites[s],
            item,
            qty,
            reason=MovementReason.EXPIRED,
            actor=self.actor,
            lot=lot,
        )

    def do_count(self, s, lines):
        site = self.sites[s]
        counted = {}
        for key, by_lot, number in lines:
            item = self.items[key]
            lot = self.lot_for(item, at_site=site) if by_lot and item.tracks_lots else None
            counted[(item.pk, lot.pk if lot else None)] = number
        record_stock_count(self.program, site, counted, actor=self.actor)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(OPERATIONS, min_size=1, max_size=25))
def test_balances_always_equal_the_sum_of_the_ledger(world, operations):
    with program_scope(world.program), transaction.atomic():
        run = Run(world)
        for lot in LOTS:
            for key in ITEMS:
                run.do_receive(0, key, 15, lot)
        for op in operations:
            before = movement_snapshot()
            run.apply(op)
            assert_unchanged(before)
        assert_ledger_consistent(world.program)
        transaction.set_rollback(True)


def test_a_visit_takes_the_first_expiring_lot_first(world):
    run = Run(world)
    naloxone = run.items["naloxone"]
    receive_stock(
        world.program,
        world.site,
        [
            ReceiptLine(naloxone, 5, "LATE", TODAY + dt.timedelta(days=300)),
            ReceiptLine(naloxone, 3, "SOON", TODAY + dt.timedelta(days=10)),
        ],
        actor=world.owner,
        supplier="Maker",
    )
    suggestion = suggest_lots(world.site, [naloxone.pk])[naloxone.pk]
    assert [row.lot.lot_number for row in suggestion] == ["SOON", "LATE"]
    result = log_encounter(world.program, visit(world.site, items={naloxone: 4}), actor=world.owner)
    on_lots = dict(
        LotBalance.unscoped.filter(site=world.site).values_list("lot__lot_number", "on_hand")
    )
    assert on_lots == {"SOON": 0, "LATE": 4}
    # Voiding the visit puts the kits back into the lots they came from.
    void_encounter(result.encounter, actor=world.owner, reason="wrong person")
    on_lots = dict(
        LotBalance.unscoped.filter(site=world.site).values_list("lot__lot_number", "on_hand")
    )
    assert on_lots == {"SOON": 3, "LATE": 5}
    assert_ledger_consistent(world.program)


def test_a_visit_beyond_the_lots_is_never_refused_and_is_flagged(world):
    run = Run(world)
    naloxone = run.items["naloxone"]
    receive_stock(
        world.program, world.site, [ReceiptLine(naloxone, 2, "ONLY", TODAY)], actor=world.owner
    )
    result = log_encounter(world.program, visit(world.site, items={naloxone: 5}), actor=world.owner)
    assert result.created and result.recount_items == {naloxone.pk}
    balance = StockBalance.unscoped.get(site=world.site, item=naloxone)
    assert balance.on_hand == -3 and balance.needs_recount
    lines = sorted(
        StockMovement.unscoped.filter(encounter=result.encounter).values_list(
            "lot__lot_number", "quantity"
        ),
        key=str,
    )
    assert lines == [("ONLY", -2), (None, -3)]
    assert StockOutDay.unscoped.filter(site=world.site, item=naloxone).exists()
    assert_ledger_consistent(world.program)


def test_a_receipt_with_a_bad_line_stores_nothing(world):
    run = Run(world)
    with pytest.raises(ValidationError):
        receive_stock(
            world.program,
            world.site,
            [
                ReceiptLine(run.items["kit"], 10),
                ReceiptLine(run.items["naloxone"], 5, "X1", None),  # no expiry
            ],
            actor=world.owner,
        )
    assert not StockMovement.unscoped.exists() and not Lot.unscoped.exists()


def test_a_lot_number_is_one_lot_whatever_the_typing(world):
    run = Run(world)
    naloxone = run.items["naloxone"]
    expiry = TODAY + dt.timedelta(days=100)
    receive_stock(
        world.program, world.site, [ReceiptLine(naloxone, 1, "ab 12", expiry)], actor=world.owner
    )
    receive_stock(
        world.program, world.site, [ReceiptLine(naloxone, 1, " AB  12", expiry)], actor=world.owner
    )
    assert Lot.unscoped.get().lot_number == "AB 12"
    with pytest.raises(ValidationError, match="recorded as expiring"):
        receive_stock(
            world.program, world.site, [ReceiptLine(naloxone, 1, "AB 12", TODAY)], actor=world.owner
        )


def test_adjustments_need_a_reason_and_are_audited(world):
    run = Run(world)
    kit = run.items["kit"]
    with pytest.raises(ValidationError):
        adjust_stock(world.program, world.site, kit, 5, reason="", actor=world.owner)
    with pytest.raises(ValidationError):
        adjust_stock(
            world.program, world.site, kit, 5, reason=MovementReason.OTHER, actor=world.owner
        )
    adjust_stock(world.program, world.site, kit, -5, reason=MovementReason.LOST, actor=world.owner)
    movement = StockMovement.unscoped.get()
    assert (movement.kind, movement.quantity, movement.reason) == (MovementKind.ADJUST, -5, "lost")
    assert AuditEvent.unscoped.filter(action="stock.adjust").exists()
    with pytest.raises(LedgerError):
        movement.save()
    assert_ledger_consistent(world.program)


def test_another_programs_site_or_item_is_refused(world):
    run = Run(world)
    from tests.encounters.helpers import catalog

    theirs = catalog(world.other_program)["kit"]
    with pytest.raises(ValidationError):
        receive_stock(
            world.program, world.other_site, [ReceiptLine(run.items["kit"], 1)], actor=world.owner
        )
    with pytest.raises(ValidationError):
        receive_stock(world.program, world.site, [ReceiptLine(theirs, 1)], actor=world.owner)
    assert not StockMovement.unscoped.exists()


class Stop(Exception):
    """Stands for the server stopping half way through a write."""


def test_a_transfer_stopped_half_way_neither_loses_nor_double_counts(world, monkeypatch):
    from waypoint.supplies.services import transfers as transfer_service
    from waypoint.supplies.services.transfers import in_transit

    run = Run(world)
    kit, the_van = run.items["kit"], run.sites[1]
    receive_stock(world.program, world.site, [ReceiptLine(kit, 100)], actor=world.owner)

    def total() -> int:
        shelves = sum(StockBalance.unscoped.filter(item=kit).values_list("on_hand", flat=True))
        return shelves + sum(in_transit(world.program).values())

    transfer = send_transfer(
        world.program, world.site, the_van, [TransferLineInput(kit, 40)], actor=world.owner
    )
    assert total() == 100 and in_transit(world.program) == {(the_van.pk, kit.pk): 40}

    # Receiving stops after the stock reached the van's shelf but before the transfer was
    # closed: the whole receipt rolls back.
    def stop(*args, **kwargs):
        raise Stop

    monkeypatch.setattr(transfer_service, "log_event", stop)
    with pytest.raises(Stop):
        receive_transfer(transfer, actor=world.owner)
    monkeypatch.undo()
    assert Transfer.unscoped.get().status == TransferStatus.SENT
    assert not StockBalance.unscoped.filter(site=the_van, item=kit, on_hand__gt=0).exists()
    assert total() == 100

    cancel_transfer(transfer, actor=world.owner, reason="the van is not going out")
    assert StockBalance.unscoped.get(site=world.site, item=kit).on_hand == 100
    assert total() == 100 and in_transit(world.program) == {}
    with pytest.raises(ValidationError, match="cancelled"):
        receive_transfer(transfer, actor=world.owner)
    assert_ledger_consistent(world.program)


def test_a_transfer_naming_a_lot_takes_the_rest_of_the_item_from_other_lots(world):
    # Two lines of one item: lot SOON by name, and 3 more "earliest expiry first". The 3
    # come from LATE, not again from SOON (which would leave SOON at -3 and LATE untouched).
    run = Run(world)
    naloxone, the_van = run.items["naloxone"], run.sites[1]
    receive_stock(
        world.program,
        world.site,
        [
            ReceiptLine(naloxone, 5, "SOON", TODAY + dt.timedelta(days=10)),
            ReceiptLine(naloxone, 10, "LATE", TODAY + dt.timedelta(days=300)),
        ],
        actor=world.owner,
    )
    soon = Lot.unscoped.get(lot_number="SOON")
    send_transfer(
        world.program,
        world.site,
        the_van,
        [TransferLineInput(naloxone, 5, soon), TransferLineInput(naloxone, 3)],
        actor=world.owner,
    )
    on_lots = dict(
        LotBalance.unscoped.filter(site=world.site).values_list("lot__lot_number", "on_hand")
    )
    assert on_lots == {"SOON": 0, "LATE": 7}
    assert not StockBalance.unscoped.get(site=world.site, item=naloxone).needs_recount
    assert_ledger_consistent(world.program)
