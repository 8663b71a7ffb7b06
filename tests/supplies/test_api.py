"""Stock API: receipts, transfers, counts and balances; roles, program scope, audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.encounters.helpers import device
from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import Lot, StockBalance, Transfer

from .helpers import assert_ledger_consistent, stocked_catalog, van

LATER = (dt.date.today() + dt.timedelta(days=300)).isoformat()
SOON = (dt.date.today() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def items(world):
    return stocked_catalog(world.program)


@pytest.fixture
def coordinator_client(world, client_for):
    return client_for(member(world.program, Role.COORDINATOR))


@pytest.fixture
def staff_device(world):
    raw, token = device(world.program, "staff")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}, token


def _post(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def _receipt(world, items):
    return {
        "site_id": world.site.pk,
        "supplier": "State naloxone program",
        "lines": [
            {
                "item_id": items["naloxone"].pk,
                "quantity": 20,
                "lot_number": "A-1",
                "expires_on": SOON,
            },
            {
                "item_id": items["naloxone"].pk,
                "quantity": 30,
                "lot_number": "B-2",
                "expires_on": LATER,
            },
            {"item_id": items["kit"].pk, "quantity": 200, "unit_cost": "0.75"},
        ],
    }


def test_receive_send_receive_and_count_through_the_api(
    world, client, items, coordinator_client, staff_device
):
    headers, token = staff_device
    the_van = van(world.program)
    response = _post(coordinator_client, "/api/v1/stock/receipts", _receipt(world, items))
    assert response.status_code == 201, response.content

    balances = client.get(f"/api/v1/stock/balances?site_id={world.site.pk}", **headers).json()
    naloxone = next(b for b in balances if b["item_id"] == items["naloxone"].pk)
    assert naloxone["on_hand"] == 50
    assert [lot["lot_number"] for lot in naloxone["lots"]] == ["A-1", "B-2"]

    response = _post(
        coordinator_client,
        "/api/v1/stock/transfers",
        {
            "from_site_id": world.site.pk,
            "to_site_id": the_van.pk,
            "lines": [{"item_id": items["naloxone"].pk, "quantity": 25}],
        },
    )
    assert response.status_code == 201, response.content
    transfer = response.json()
    assert transfer["status"] == "sent"
    assert sorted(line["quantity"] for line in transfer["lines"]) == [5, 20]

    url = f"/api/v1/stock/transfers/{transfer['id']}/receive"
    assert _post(client, url, {}, **headers).status_code == 200
    again = _post(client, url, {}, **headers)
    assert again.status_code == 409 and "already received" in again.json()["detail"]

    lot = Lot.unscoped.get(lot_number="B-2")
    response = _post(
        client,
        "/api/v1/stock/counts",
        {
            "site_id": the_van.pk,
            "lines": [{"item_id": items["naloxone"].pk, "lot_id": lot.pk, "counted": 4}],
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    line = response.json()["lines"][0]
    assert (line["expected"], line["counted"], line["difference"]) == (5, 4, -1)
    assert StockBalance.unscoped.get(site=the_van, item=items["naloxone"]).on_hand == 24
    labels = set(
        AuditEvent.unscoped.filter(action__startswith="stock.").values_list(
            "actor_label", flat=True
        )
    )
    assert f"device {token.pk}" in labels
    with program_scope(world.program):
        assert_ledger_consistent(world.program)


def test_staff_devices_cannot_receive_deliveries_or_cancel(
    world, client, items, coordinator_client, staff_device
):
    headers, _ = staff_device
    assert (
        _post(client, "/api/v1/stock/receipts", _receipt(world, items), **headers).status_code
        == 403
    )
    the_van = van(world.program)
    transfer = _post(
        coordinator_client,
        "/api/v1/stock/transfers",
        {
            "from_site_id": world.site.pk,
            "to_site_id": the_van.pk,
            "lines": [{"item_id": items["kit"].pk, "quantity": 3}],
        },
    ).json()
    url = f"/api/v1/stock/transfers/{transfer['id']}/cancel"
    assert _post(client, url, {"reason": "no"}, **headers).status_code == 403
    response = _post(coordinator_client, url, {"reason": "van broke down"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert StockBalance.unscoped.get(site=world.site, item=items["kit"]).on_hand == 0


def test_another_programs_objects_are_not_found(world, client, items, coordinator_client):
    body = _receipt(world, items)
    body["site_id"] = world.other_site.pk
    assert _post(coordinator_client, "/api/v1/stock/receipts", body).status_code == 404
    other_kit = stocked_catalog(world.other_program)["kit"]
    body = _receipt(world, items)
    body["lines"][2]["item_id"] = other_kit.pk
    assert _post(coordinator_client, "/api/v1/stock/receipts", body).status_code == 404
    assert not Transfer.unscoped.exists()


def test_a_lot_tracked_line_without_an_expiry_is_refused(world, items, coordinator_client):
    body = _receipt(world, items)
    del body["lines"][0]["expires_on"]
    response = _post(coordinator_client, "/api/v1/stock/receipts", body)
    assert response.status_code == 409 and "expiry date" in response.json()["detail"]
    assert not StockBalance.unscoped.exists()


def test_costs_are_kept_to_the_cent_and_dates_must_be_real(world, items, coordinator_client):
    body = _receipt(world, items)
    body["lines"][2]["unit_cost"] = 0.755
    assert _post(coordinator_client, "/api/v1/stock/receipts", body).status_code == 201
    from waypoint.supplies.models import StockMovement

    assert str(StockMovement.unscoped.get(item=items["kit"]).unit_cost) in ("0.76", "0.75")
    body["lines"][0]["expires_on"] = "0339-09-01"
    assert _post(coordinator_client, "/api/v1/stock/receipts", body).status_code == 409
