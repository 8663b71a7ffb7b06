"""Stock pages: receive, send and receive a transfer, count, adjust, settings; roles and scope."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import (
    InventorySettings,
    Lot,
    LotBalance,
    StockBalance,
    StockCount,
    StockCountLine,
    StockMovement,
    SupplyItem,
    Transfer,
    TransferLine,
    TransferStatus,
)
from waypoint.supplies.services.stock import ReceiptLine, receive_stock

from .helpers import assert_ledger_consistent, stocked_catalog, van

SOON = dt.date.today() + dt.timedelta(days=20)
LATER = dt.date.today() + dt.timedelta(days=400)


@pytest.fixture
def items(world):
    return stocked_catalog(world.program)


@pytest.fixture
def coordinator(world):
    return member(world.program, Role.COORDINATOR)


@pytest.fixture
def the_van(world):
    return van(world.program)


def _lines(*rows) -> dict:
    data = {}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"line-{n}-{key}"] = value
    return data


def test_receiving_two_lots_puts_them_on_the_shelf(world, client_for, coordinator, items):
    naloxone, kit = items["naloxone"], items["kit"]
    response = client_for(coordinator).post(
        "/stock/receive/",
        {
            "site": world.site.pk,
            "supplier": "State naloxone program",
            **_lines(
                {"item": naloxone.pk, "quantity": 24, "lot_number": "nx-101", "expires_on": SOON},
                {"item": naloxone.pk, "quantity": 48, "lot_number": "NX-202", "expires_on": LATER},
                {"item": kit.pk, "quantity": 500},
            ),
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/stock/sites/{world.site.pk}/"
    assert StockBalance.unscoped.get(site=world.site, item=naloxone).on_hand == 72
    lots = dict(LotBalance.unscoped.values_list("lot__lot_number", "on_hand"))
    assert lots == {"NX-101": 24, "NX-202": 48}
    assert AuditEvent.unscoped.filter(action="stock.receive").count() == 1
    with program_scope(world.program):
        assert_ledger_consistent(world.program)


def test_a_lot_tracked_line_without_a_lot_is_refused_and_nothing_is_stored(
    world, client_for, coordinator, items
):
    response = client_for(coordinator).post(
        "/stock/receive/",
        {
            "site": world.site.pk,
            **_lines(
                {"item": items["kit"].pk, "quantity": 5},
                {"item": items["naloxone"].pk, "quantity": 5},
            ),
        },
    )
    assert response.status_code == 200
    assert "give the lot number" in response.content.decode()
    assert not StockMovement.unscoped.exists()


def test_an_empty_receipt_asks_for_a_line(world, client_for, coordinator):
    response = client_for(coordinator).post("/stock/receive/", {"site": world.site.pk})
    assert "Fill in at least one line" in response.content.decode()


def test_a_transfer_is_on_the_way_until_received(world, client_for, coordinator, items, the_van):
    naloxone = items["naloxone"]
    receive_stock(
        world.program,
        world.site,
        [ReceiptLine(naloxone, 10, "LATE", LATER), ReceiptLine(naloxone, 5, "SOON", SOON)],
        actor=coordinator,
    )
    client = client_for(coordinator)
    response = client.post(
        "/stock/transfers/new/",
        {
            "from_site": world.site.pk,
            "to_site": the_van.pk,
            **_lines({"item": naloxone.pk, "quantity": 8}),
        },
    )
    transfer = Transfer.unscoped.get()
    assert response["Location"] == f"/stock/transfers/{transfer.pk}/"
    # First expiring first: all 5 of SOON, then 3 of LATE.
    sent = sorted(
        TransferLine.unscoped.filter(transfer=transfer).values_list("lot__lot_number", "quantity")
    )
    assert sent == [("LATE", 3), ("SOON", 5)]
    assert StockBalance.unscoped.get(site=world.site, item=naloxone).on_hand == 7
    assert not StockBalance.unscoped.filter(site=the_van).exists()
    page = client.get("/stock/transfers/").content.decode()
    assert the_van.name in page and "On the way" in page
    staff = client_for(world.member)
    assert staff.post(f"/stock/transfers/{transfer.pk}/receive/").status_code == 302
    assert StockBalance.unscoped.get(site=the_van, item=naloxone).on_hand == 8
    # A second click changes nothing.
    staff.post(f"/stock/transfers/{transfer.pk}/receive/")
    assert StockBalance.unscoped.get(site=the_van, item=naloxone).on_hand == 8
    assert Transfer.unscoped.get().status == TransferStatus.RECEIVED
    with program_scope(world.program):
        assert_ledger_consistent(world.program)


def test_cancelling_a_transfer_returns_the_stock(world, client_for, coordinator, items, the_van):
    kit = items["kit"]
    receive_stock(world.program, world.site, [ReceiptLine(kit, 100)], actor=coordinator)
    client = client_for(coordinator)
    client.post(
        "/stock/transfers/new/",
        {
            "from_site": world.site.pk,
            "to_site": the_van.pk,
            **_lines({"item": kit.pk, "quantity": 40}),
        },
    )
    transfer = Transfer.unscoped.get()
    assert StockBalance.unscoped.get(site=world.site, item=kit).on_hand == 60
    client.post(f"/stock/transfers/{transfer.pk}/cancel/", {"reason": ""})
    assert Transfer.unscoped.get().status == TransferStatus.SENT
    client.post(f"/stock/transfers/{transfer.pk}/cancel/", {"reason": "van in the shop"})
    assert Transfer.unscoped.get().status == TransferStatus.CANCELLED
    assert StockBalance.unscoped.get(site=world.site, item=kit).on_hand == 100
    # Staff may receive a transfer but not cancel one.
    assert (
        client_for(world.member)
        .post(f"/stock/transfers/{transfer.pk}/cancel/", {"reason": "x"})
        .status_code
        == 403
    )
    with program_scope(world.program):
        assert_ledger_consistent(world.program)


def test_a_count_records_the_differences(world, client_for, coordinator, items, the_van):
    naloxone, kit = items["naloxone"], items["kit"]
    receive_stock(
        world.program,
        the_van,
        [ReceiptLine(naloxone, 10, "LATE", LATER), ReceiptLine(kit, 30)],
        actor=coordinator,
    )
    lot = Lot.unscoped.get()
    client = client_for(world.member)  # staff count
    form = client.get(f"/stock/sites/{the_van.pk}/count/").content.decode()
    assert "lot LATE" in form
    response = client.post(
        f"/stock/sites/{the_van.pk}/count/",
        {f"c-{naloxone.pk}-{lot.pk}": "7", f"c-{kit.pk}-0": "30"},
    )
    stock_count = StockCount.unscoped.get()
    assert response["Location"] == f"/stock/counts/{stock_count.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "-3" in page
    lines = {
        (line.item_id, line.lot_id): line
        for line in StockCountLine.unscoped.filter(stock_count=stock_count)
    }
    assert lines[(naloxone.pk, lot.pk)].difference == -3
    assert lines[(kit.pk, None)].difference == 0
    assert StockBalance.unscoped.get(site=the_van, item=naloxone).on_hand == 7
    variance = client_for(coordinator).get("/stock/variance/").content.decode()
    assert naloxone.name in variance


def test_a_count_with_nothing_typed_is_refused(world, client_for, items):
    response = client_for(world.member).post(f"/stock/sites/{world.site.pk}/count/", {})
    assert "nothing was counted" in response.content.decode()
    assert not StockCount.unscoped.exists()


def test_write_off_needs_a_fitting_reason(world, client_for, coordinator, items):
    kit = items["kit"]
    client = client_for(coordinator)
    data = {
        "action": "write_off",
        "site": world.site.pk,
        "item": kit.pk,
        "quantity": 3,
        "reason": "found",
    }
    response = client.post("/stock/adjust/", data)
    assert "does not fit" in response.content.decode()
    response = client.post("/stock/adjust/", {**data, "reason": "damaged"})
    assert response.status_code == 302
    movement = StockMovement.unscoped.get()
    assert (movement.kind, movement.quantity, movement.reason) == ("expire", -3, "damaged")


def test_item_stock_settings(world, client_for, coordinator, items):
    kit = items["kit"]
    client = client_for(coordinator)
    assert client.get(f"/stock/items/{kit.pk}/").status_code == 200
    client.post(f"/stock/items/{kit.pk}/", {"reorder_point": 200, "tracks_lots": "on"})
    kit.refresh_from_db()
    assert kit.reorder_point == 200 and kit.tracks_lots
    assert AuditEvent.unscoped.filter(action="supply_item.stock_settings").exists()


def test_settings_choose_digest_recipients_among_coordinators(world, client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        "/stock/settings/",
        {
            "expiry_warning_days": 45,
            "reorder_days": 21,
            "digest_enabled": "on",
            "digest_recipients": [world.member.pk],
            "digest_sms_numbers": "",
        },
    )
    assert "Select a valid choice" in response.content.decode()  # staff do not get the digest
    response = client.post(
        "/stock/settings/",
        {
            "expiry_warning_days": 45,
            "reorder_days": 21,
            "digest_enabled": "on",
            "digest_recipients": [coordinator.pk],
            "digest_sms_numbers": "+1 513 555 0100",
        },
    )
    assert response.status_code == 302
    saved = InventorySettings.unscoped.get(program=world.program)
    assert saved.expiry_warning_days == 45 and list(saved.digest_recipients.all()) == [coordinator]


def test_staff_see_the_dashboard_but_not_coordinator_actions(world, client_for, items):
    page = client_for(world.member).get("/stock/").content.decode()
    assert "Stock at all sites" in page and "Receive a delivery" not in page
    assert client_for(world.member).get("/stock/receive/").status_code == 403


def test_another_programs_site_is_not_found(world, client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(f"/stock/sites/{world.other_site.pk}/").status_code == 404
    assert client.get(f"/stock/reorder/?site={world.other_site.pk}").status_code == 404
    assert client.get(f"/stock/sites/{world.other_site.pk}/count/").status_code == 404


def test_inactive_items_without_stock_are_left_off_the_count_sheet(world, client_for, items):
    SupplyItem.unscoped.filter(pk=items["cookers"].pk).update(is_active=False)
    form = client_for(world.member).get(f"/stock/sites/{world.site.pk}/count/").content.decode()
    assert items["cookers"].name not in form and items["kit"].name in form
