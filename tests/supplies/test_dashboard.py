"""The stock dashboard and reorder report against a hand computation on a generated history,
the expiring list, the CSV download, and query counts that do not grow with sites or items."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections import defaultdict

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import SiteFactory, member
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.supplies import dashboard
from waypoint.supplies.models import InventorySettings, MovementKind, SupplyItem
from waypoint.supplies.services.ledger import record_movements
from waypoint.supplies.services.lots import expiring_lots
from waypoint.supplies.services.stock import ReceiptLine, receive_stock
from waypoint.supplies.services.transfers import TransferLineInput, send_transfer

from .helpers import clock, stocked_catalog, van

NOW = dt.datetime(2026, 6, 15, 16, 0, tzinfo=dt.UTC)
DASHBOARD_QUERIES = 14


@pytest.fixture(autouse=True)
def _scope(world):
    with program_scope(world.program):
        yield


def _history(world, seed=3):
    """40 days of receipts, visits and visit corrections at three sites; returns what a
    person would tally by hand: used in the last 28 days and on hand, by (site, item)."""
    rng = random.Random(seed)
    items = stocked_catalog(world.program)
    chosen = [items["kit"], items["cookers"], items["condoms"], items["smoking"]]
    for n, item in enumerate(chosen):
        SupplyItem.unscoped.filter(pk=item.pk).update(reorder_point=[0, 150, 400, 60][n])
        item.refresh_from_db()
    sites = [
        world.site,
        van(world.program, "Van"),
        SiteFactory(program=world.program, name="Clinic"),
    ]
    used = defaultdict(int)
    on_hand = defaultdict(int)
    start = NOW - dt.timedelta(days=40)
    with clock(start), transaction.atomic():
        for site in sites:
            stock = {item.pk: rng.randint(50, 400) for item in chosen}
            record_movements(
                program=world.program, site=site, changes=stock, kind=MovementKind.RECEIVE
            )
            for item_id, qty in stock.items():
                on_hand[(site.pk, item_id)] += qty
    for day in range(40):
        for hour in (10, 13, 17):
            at = start + dt.timedelta(days=day, hours=hour - 16)
            for site in sites:
                given = {item.pk: rng.randint(0, 4) for item in rng.sample(chosen, 2)}
                kind = MovementKind.DISTRIBUTE
                if rng.random() < 0.1:
                    kind, given = MovementKind.CORRECTION, {k: -min(v, 1) for k, v in given.items()}
                with clock(at), transaction.atomic():
                    record_movements(
                        program=world.program,
                        site=site,
                        changes={k: -v for k, v in given.items()},
                        kind=kind,
                    )
                for item_id, qty in given.items():
                    on_hand[(site.pk, item_id)] -= qty
                    if at >= NOW - dt.timedelta(days=28):
                        used[(site.pk, item_id)] += qty
    return sites, chosen, used, on_hand


def test_days_of_supply_and_reorder_match_a_hand_computation(world):
    sites, chosen, used, on_hand = _history(world)
    coordinator = member(world.program, Role.COORDINATOR)
    with clock(NOW):
        send_transfer(
            world.program, sites[0], sites[1], [TransferLineInput(chosen[1], 7)], actor=coordinator
        )
    on_hand[(sites[0].pk, chosen[1].pk)] -= 7
    on_the_way = {chosen[1].pk: 7}

    board = dashboard.build(world.program, site=sites[2], now=NOW)
    rows = {row.item.pk: row for row in board.rows}
    for item in chosen:
        key = (sites[2].pk, item.pk)
        row = rows[item.pk]
        assert row.on_hand == on_hand[key]
        assert row.used == used[key]
        assert row.daily_use == pytest.approx(used[key] / 28)
        expected_days = None if not used[key] else on_hand[key] * 28 // used[key]
        assert row.days_left == (0 if on_hand[key] <= 0 else expected_days)
        assert row.low == (item.reorder_point > 0 and on_hand[key] < item.reorder_point)

    for days in (14, 30, 90):
        report = {row.item.pk: row for row in dashboard.reorder(world.program, days=days, now=NOW)}
        for item in chosen:
            total_used = sum(used[(s.pk, item.pk)] for s in sites)
            total_on_hand = sum(max(on_hand[(s.pk, item.pk)], 0) for s in sites)
            need = max(math.ceil(total_used * days / 28), item.reorder_point)
            expected = max(0, need - total_on_hand - on_the_way.get(item.pk, 0))
            assert report[item.pk].to_order(days) == expected, (item.name, days)

    program_rows = {row.item.pk: row for row in dashboard.build(world.program, now=NOW).rows}
    for item in chosen:
        assert program_rows[item.pk].used == sum(used[(s.pk, item.pk)] for s in sites)
        assert program_rows[item.pk].sites_low == sum(
            item.reorder_point > 0 and on_hand[(s.pk, item.pk)] < item.reorder_point for s in sites
        )


def test_the_reorder_csv_has_one_row_per_active_item(world, client_for):
    sites, chosen, used, on_hand = _history(world)
    coordinator = member(world.program, Role.COORDINATOR)
    SupplyItem.unscoped.filter(pk=chosen[0].pk).update(name="=HYPERLINK(1)")
    response = client_for(coordinator).get(f"/stock/reorder.csv?days=30&site={sites[1].pk}")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, body = rows[0], rows[1:]
    assert header[-1] == "To order for 30 days"
    active = SupplyItem.unscoped.filter(program=world.program, is_active=True).count()
    assert len(body) == active
    names = [row[0] for row in body]
    assert "'=HYPERLINK(1)" in names  # never run as a formula in a spreadsheet
    by_name = {row[0]: row for row in body}
    cookers = by_name[chosen[1].name]
    assert int(cookers[2]) == max(on_hand[(sites[1].pk, chosen[1].pk)], 0)


def test_the_expiring_list_uses_the_setting_and_skips_empty_lots(world):
    items = stocked_catalog(world.program)
    naloxone, strip = items["naloxone"], items["strip"]
    coordinator = member(world.program, Role.COORDINATOR)
    today = timezone.localdate()
    lines = [
        ReceiptLine(naloxone, 5, "GONE", today - dt.timedelta(days=5)),
        ReceiptLine(naloxone, 5, "D10", today + dt.timedelta(days=10)),
        ReceiptLine(naloxone, 5, "D60", today + dt.timedelta(days=60)),
        ReceiptLine(naloxone, 5, "D61", today + dt.timedelta(days=61)),
        ReceiptLine(strip, 5, "EMPTY", today + dt.timedelta(days=3)),
    ]
    receive_stock(world.program, world.site, lines, actor=coordinator)
    from waypoint.supplies.services.stock import write_off_stock

    write_off_stock(world.program, world.site, strip, 5, reason="expired", actor=coordinator)
    listed = [row.lot.lot_number for row in expiring_lots(world.program, within_days=60)]
    assert listed == ["GONE", "D10", "D60"]
    InventorySettings.objects.create(program=world.program, expiry_warning_days=61)
    board = dashboard.build(world.program)
    assert [row.lot.lot_number for row in board.expiring] == ["GONE", "D10", "D60", "D61"]


def _stock(world, n_sites, n_items):
    coordinator = member(world.program, Role.COORDINATOR)
    items = stocked_catalog(world.program)
    extra = [
        SupplyItem.unscoped.create(
            program=world.program, name=f"Item {n}", category="hygiene", reorder_point=5
        )
        for n in range(max(0, n_items - len(items)))
    ]
    all_items = list(items.values()) + extra
    sites = [world.site] + [van(world.program, f"Van {n}") for n in range(n_sites - 1)]
    expires = timezone.localdate() + dt.timedelta(days=10)
    for site in sites:
        receive_stock(
            world.program,
            site,
            [
                ReceiptLine(item, 3, f"L{site.pk}", expires)
                if item.tracks_lots
                else ReceiptLine(item, 3)
                for item in all_items
            ],
            actor=coordinator,
        )
        with transaction.atomic():
            record_movements(
                program=world.program,
                site=site,
                changes={all_items[0].pk: -10},
                kind=MovementKind.DISTRIBUTE,
            )
    send_transfer(
        world.program, sites[0], sites[-1], [TransferLineInput(all_items[1], 1)], actor=coordinator
    )
    return coordinator, sites


def test_dashboard_queries_do_not_grow_with_sites_and_items(
    world, client_for, django_assert_num_queries
):
    coordinator, sites = _stock(world, 2, 5)
    client = client_for(coordinator)
    client.get("/stock/")  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get("/stock/").status_code == 200
        assert client.get(f"/stock/sites/{sites[0].pk}/").status_code == 200
    _stock(world, 6, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/stock/")
        client.get(f"/stock/sites/{sites[0].pk}/")
    assert page.content.decode().count("Van 4") >= 1
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get("/stock/")
