"""The stock ledger under any day's work: receipts into lots, visits and their voids,
transfers, the catalog's quick count, count sheets, adjustments and write-offs, at several
sites, in any order.

A hand-kept model (``Shelf``, in ``ledger_model.py``) says what every balance should be.
After every step the database must agree with it: item and lot balances, the recount
flags (the app never refuses to go below zero, it flags the item for a recount instead),
the stock on the way, the count sheet, and the variance page's rows, on which every count
recorded must appear."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.encounters.helpers import visit
from tests.factories import member
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.services import log_encounter, void_encounter
from waypoint.supplies.models import (
    Lot,
    LotBalance,
    MovementReason,
    StockBalance,
    StockCount,
    StockCountLine,
    StockMovement,
)
from waypoint.supplies.services.counts import count_sheet, record_stock_count, variance_report
from waypoint.supplies.services.stock import (
    ReceiptLine,
    adjust_stock,
    receive_stock,
    write_off_stock,
)
from waypoint.supplies.services.transfers import (
    TransferLineInput,
    cancel_transfer,
    in_transit,
    receive_transfer,
    send_transfer,
)

from .helpers import assert_ledger_consistent, stocked_catalog, van
from .ledger_model import Shelf, negated

ITEMS = ["kit", "cookers", "naloxone", "strip"]  # the last two track lots
# Two lots expiring the same day: the one recorded first goes out first.
LOT_DAYS = {"A": 30, "B": 30, "C": 200}
VARIANCE_DAYS = 90  # what the variance page shows by default

sites = st.integers(0, 2)
item_keys = st.sampled_from(ITEMS)
quantities = st.integers(1, 12)
lot_picks = st.none() | st.integers(0, 5)


@st.composite
def transfer_lines(draw):
    """Lines of one or two items, often one item twice (a lot by name, and more of it)."""
    keys = draw(st.lists(item_keys, min_size=1, max_size=2, unique=True))
    line = st.tuples(st.sampled_from(keys), quantities, lot_picks)
    return draw(st.lists(line, min_size=1, max_size=3))


class LedgerMachine(RuleBasedStateMachine):
    """Each example runs inside a transaction rolled back at its end."""

    visits = Bundle("visits")
    voided = Bundle("voided")
    transfers = Bundle("transfers")

    def __init__(self, program, sites, items, coordinator):
        super().__init__()
        self.program, self.sites, self.items, self.actor = program, sites, items, coordinator
        self.item_ids = {item.pk for item in items.values()}
        self.shelf = Shelf({item.pk for item in items.values() if item.tracks_lots})
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.client = Client()
        self.client.force_login(coordinator)
        self.client_site = None

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def named_lot(self, item, pick):
        """A lot of ``item`` chosen as on the adjust and transfer forms (any site's), or None."""
        known = sorted(lot for lot, of in self.shelf.lot_item.items() if of == item.pk)
        if pick is None or not item.tracks_lots or not known:
            return None
        return Lot.unscoped.get(pk=known[pick % len(known)])

    @initialize(opening=st.integers(0, 20))
    def open_the_shelves(self, opening):
        """Every site starts with ``opening`` of each item (in each lot), so lots are known."""
        if opening:
            for site in range(len(self.sites)):
                self.receive(site, [(key, opening, number) for key in ITEMS for number in LOT_DAYS])

    @rule(
        site=sites,
        lines=st.lists(
            st.tuples(item_keys, quantities, st.sampled_from(sorted(LOT_DAYS))),
            min_size=1,
            max_size=3,
        ),
    )
    def receive(self, site, lines):
        today = timezone.localdate()
        receipt_lines = []
        for key, qty, number in lines:
            item = self.items[key]
            if item.tracks_lots:
                expires = today + dt.timedelta(days=LOT_DAYS[number])
                receipt_lines.append(ReceiptLine(item, qty, number, expires))
            else:
                receipt_lines.append(ReceiptLine(item, qty))
        receive_stock(self.program, self.sites[site], receipt_lines, actor=self.actor)
        posted = []
        for line in receipt_lines:
            lot_id = None
            if line.item.tracks_lots:
                lot = Lot.unscoped.get(item=line.item, lot_number=line.lot_number)
                self.shelf.lot_item[lot.pk] = line.item.pk
                self.shelf.lot_expiry[lot.pk] = lot.expires_on
                lot_id = lot.pk
            posted.append((line.item.pk, lot_id, line.quantity))
        self.shelf.post(self.sites[site].pk, posted)

    @rule(
        target=visits,
        site=sites,
        given=st.dictionaries(item_keys, st.integers(1, 8), min_size=1, max_size=3),
    )
    def give_at_a_visit(self, site, given):
        site_id = self.sites[site].pk
        data = visit(self.sites[site], items={self.items[k]: q for k, q in given.items()})
        result = log_encounter(self.program, data, actor=self.actor)
        lines = [
            line
            for key in sorted(given)
            for line in self.shelf.take(site_id, self.items[key].pk, given[key])
        ]
        assert result.recount_items == self.shelf.record(site_id, lines)
        self.shelf.given[result.encounter.pk] = (site_id, lines)
        return result.encounter

    @rule(target=voided, encounter=consumes(visits))
    def void_visit(self, encounter):
        void_encounter(encounter, actor=self.actor, reason="entered twice")
        site_id, lines = self.shelf.given.pop(encounter.pk)
        self.shelf.record(site_id, negated(lines))
        return encounter

    @rule(encounter=voided)
    def void_again_is_refused(self, encounter):
        before = StockMovement.unscoped.count()
        with pytest.raises(ValidationError):
            void_encounter(encounter, actor=self.actor, reason="entered twice")
        assert StockMovement.unscoped.count() == before

    @rule(
        target=transfers,
        origin=sites,
        offset=st.integers(1, 2),
        lines=transfer_lines(),
    )
    def send(self, origin, offset, lines):
        from_site, to_site = self.sites[origin], self.sites[(origin + offset) % 3]
        inputs = [
            TransferLineInput(self.items[key], qty, self.named_lot(self.items[key], pick))
            for key, qty, pick in lines
        ]
        transfer = send_transfer(self.program, from_site, to_site, inputs, actor=self.actor)
        # Named lots leave as named; the rest comes from what they leave, earliest expiry first.
        taken, held, unnamed = [], defaultdict(int), defaultdict(int)
        for line in inputs:
            if line.lot is not None:
                taken.append((line.item.pk, line.lot.pk, -line.quantity))
                held[line.lot.pk] += line.quantity
            else:
                unnamed[line.item.pk] += line.quantity
        for item_id, qty in unnamed.items():
            taken += self.shelf.take(from_site.pk, item_id, qty, held=held)
        self.shelf.post(from_site.pk, taken)
        self.shelf.on_way[transfer.pk] = (from_site.pk, to_site.pk, negated(taken))
        return transfer

    @rule(transfer=consumes(transfers), arrives=st.booleans())
    def close(self, transfer, arrives):
        from_id, to_id, lines = self.shelf.on_way.pop(transfer.pk)
        if arrives:
            receive_transfer(transfer, actor=self.actor)
        else:
            cancel_transfer(transfer, actor=self.actor, reason="the van broke down")
        self.shelf.post(to_id if arrives else from_id, lines)

    @rule(site=sites, key=item_keys, counted=st.integers(0, 30))
    def quick_count(self, site, key, counted):
        """The catalog's quick count, through its page, as a coordinator at that site. An item
        that tracks lots is sent to the count sheet instead."""
        item, site_id = self.items[key], self.sites[site].pk
        if self.client_site != site_id:
            self.client.post("/switch/", {"site": site_id})
            self.client_site = site_id
        last = StockCount.unscoped.order_by("pk").last()
        response = self.client.post(f"/catalog/{item.pk}/count/", {"counted": str(counted)})
        assert response.status_code == 302
        stock_count = StockCount.unscoped.order_by("pk").last()
        if item.tracks_lots:
            assert response["Location"] == f"/stock/sites/{site_id}/count/"
            assert stock_count == last
            return
        assert stock_count != last and stock_count.site_id == site_id
        self.check_count(stock_count, site_id, {(item.pk, None): counted})

    @rule(site=sites, data=st.data())
    def count_by_sheet(self, site, data):
        """A count sheet with some of its lines filled in, as the count page sends it."""
        rows = [
            (row.item.pk, row.lot.pk if row.lot else None)
            for entry in count_sheet(self.sites[site])
            for row in entry.rows
            if row.item.pk in self.item_ids
        ]
        chosen = data.draw(
            st.lists(
                st.tuples(st.sampled_from(rows), st.integers(0, 30)),
                min_size=1,
                max_size=4,
                unique_by=lambda pair: pair[0],
            )
        )
        counted = dict(chosen)
        stock_count = record_stock_count(
            self.program, self.sites[site], counted, actor=self.actor, note="property"
        )
        self.check_count(stock_count, self.sites[site].pk, counted)

    def check_count(self, stock_count, site_id, counted):
        expected = self.shelf.count(site_id, counted, stock_count.pk)
        lines = {
            (line.item_id, line.lot_id): (line.expected, line.counted, line.difference)
            for line in StockCountLine.unscoped.filter(stock_count=stock_count)
        }
        assert lines == {
            key: (expected[key], number, number - expected[key]) for key, number in counted.items()
        }

    @rule(site=sites, key=item_keys, qty=st.integers(-12, 12).filter(bool), pick=lot_picks)
    def adjust(self, site, key, qty, pick):
        item, site_id = self.items[key], self.sites[site].pk
        lot = self.named_lot(item, pick)
        reason = MovementReason.FOUND if qty > 0 else MovementReason.LOST
        adjust_stock(
            self.program, self.sites[site], item, qty, reason=reason, actor=self.actor, lot=lot
        )
        self.shelf.post(site_id, self.change_lines(site_id, item, qty, lot))

    @rule(site=sites, key=item_keys, qty=quantities, pick=lot_picks)
    def write_off(self, site, key, qty, pick):
        item, site_id = self.items[key], self.sites[site].pk
        lot = self.named_lot(item, pick)
        write_off_stock(
            self.program,
            self.sites[site],
            item,
            qty,
            reason=MovementReason.EXPIRED,
            actor=self.actor,
            lot=lot,
        )
        self.shelf.post(site_id, self.change_lines(site_id, item, -qty, lot))

    def change_lines(self, site_id, item, qty, lot):
        if lot is None and qty < 0:
            return self.shelf.take(site_id, item.pk, -qty)
        return [(item.pk, lot.pk if lot else None, qty)]

    @rule()
    def read_the_variance_page(self):
        response = self.client.get("/stock/variance/")
        assert response.status_code == 200
        assert self.variance_rows(response.context["rows"]) == self.expected_variance()

    def variance_rows(self, rows) -> dict:
        return {(r["site_id"], r["item_id"]): (r["counts"], r["net"], r["size"]) for r in rows}

    def expected_variance(self) -> dict:
        return {key: (len(ids), net, size) for key, (ids, net, size) in self.shelf.variance.items()}

    @invariant()
    def the_ledger_agrees_with_the_model(self):
        shelf = self.shelf
        balances = {
            (b.site_id, b.item_id): b for b in StockBalance.unscoped.filter(program=self.program)
        }
        assert {k: b.on_hand for k, b in balances.items() if b.on_hand} == {
            k: n for k, n in shelf.on_hand.items() if n
        }
        assert {k for k, b in balances.items() if b.needs_recount} == shelf.flagged
        lots = LotBalance.unscoped.filter(program=self.program)
        assert {(b.site_id, b.lot_id): b.on_hand for b in lots if b.on_hand} == {
            k: n for k, n in shelf.lots.items() if n
        }
        # Balances are the sums of their movements; below zero is flagged; transfers only move.
        assert_ledger_consistent(self.program)
        on_way = defaultdict(int)
        for _from, to_id, lines in shelf.on_way.values():
            for item, _lot, qty in lines:
                on_way[(to_id, item)] += qty
        assert in_transit(self.program) == dict(on_way)

    @invariant()
    def the_count_sheet_adds_up(self):
        """An item's lot rows and its row without a lot add up to its balance."""
        for site in self.sites:
            for entry in count_sheet(site):
                if entry.item.pk not in self.item_ids:
                    continue
                key = (site.pk, entry.item.pk)
                assert entry.on_hand == self.shelf.on_hand[key]
                assert sum(row.expected for row in entry.rows) == entry.on_hand
                for row in entry.rows:
                    if row.lot is not None:
                        assert row.expected == self.shelf.lots[(site.pk, row.lot.pk)]
                    elif entry.item.tracks_lots:
                        assert row.expected == self.shelf.lotless(*key)

    @invariant()
    def every_count_is_on_the_variance_page(self):
        until = timezone.now()
        rows = variance_report(
            self.program, since=until - dt.timedelta(days=VARIANCE_DAYS), until=until
        )
        assert self.variance_rows(rows) == self.expected_variance()


def test_the_ledger_agrees_with_a_hand_kept_model_after_every_step(world):
    coordinator = member(world.program, Role.COORDINATOR)
    items = {key: item for key, item in stocked_catalog(world.program).items() if key in ITEMS}
    sites = [world.site, van(world.program, "Van 1"), van(world.program, "Van 2")]
    with program_scope(world.program):
        run_state_machine_as_test(
            lambda: LedgerMachine(world.program, sites, items, coordinator),
            settings=settings(
                max_examples=30,
                stateful_step_count=15,
                deadline=None,
                report_multiple_bugs=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
