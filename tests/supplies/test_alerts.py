"""The daily stock digest: who gets it, what it says, texts, and stock-out days."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.supplies.dashboard import stock_outs
from waypoint.supplies.models import InventorySettings, MovementKind, StockOutDay, SupplyItem
from waypoint.supplies.services.ledger import record_movements
from waypoint.supplies.services.stock import ReceiptLine, receive_stock
from waypoint.supplies.tasks import task_stock_digests

from .helpers import clock, stocked_catalog


@pytest.fixture
def coordinator(world):
    return member(world.program, Role.COORDINATOR, email="coordinator@example.org")


@pytest.fixture
def stocked(world, coordinator):
    with program_scope(world.program):
        items = stocked_catalog(world.program)
        SupplyItem.unscoped.filter(pk=items["kit"].pk).update(reorder_point=100)
        receive_stock(
            world.program,
            world.site,
            [
                ReceiptLine(items["kit"], 40),
                ReceiptLine(
                    items["naloxone"], 6, "NX-9", timezone.localdate() + dt.timedelta(days=12)
                ),
            ],
            actor=coordinator,
        )
        with transaction.atomic():
            record_movements(
                program=world.program,
                site=world.site,
                changes={items["cookers"].pk: -3},
                kind=MovementKind.DISTRIBUTE,
            )
    return items


def test_coordinators_get_a_digest_of_what_needs_attention(world, coordinator, stocked):
    task_stock_digests()
    to = {message.to[0] for message in mail.outbox}
    assert coordinator.email in to and world.owner.email in to  # coordinators and admins
    assert world.member.email not in to  # staff do not
    message = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert "Program A" in message.subject and "1 item low" in message.subject
    assert "Syringe kit" in message.body and "40 on hand, reorder point 100" in message.body
    assert "NX-9" in message.body and "Cookers" in message.body
    assert "/stock/" in message.body
    assert AuditEvent.unscoped.filter(action="stock.digest", program=world.program).exists()
    assert not mail.outbox[0].to == [world.outsider.email]


def test_chosen_recipients_and_texts(world, coordinator, stocked, settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    chosen = InventorySettings.unscoped.create(
        program=world.program, digest_sms_numbers="+15135550100\n"
    )
    chosen.digest_recipients.set([coordinator])
    task_stock_digests()
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    texts = [json.loads(line) for line in (tmp_path / "sms.log").read_text().splitlines()]
    assert [text["to"] for text in texts] == ["+15135550100"]
    assert "Program A" in texts[0]["body"] and len(texts[0]["body"]) <= 320


def test_nothing_to_say_sends_nothing(world, coordinator):
    task_stock_digests()
    assert mail.outbox == []


def test_a_disabled_digest_still_notes_stock_out_days(world, coordinator, stocked):
    InventorySettings.unscoped.create(program=world.program, digest_enabled=False)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with clock(tomorrow):
        task_stock_digests()
    assert mail.outbox == []
    days = set(StockOutDay.unscoped.filter(item=stocked["cookers"]).values_list("day", flat=True))
    assert days == {timezone.localdate(), timezone.localdate(tomorrow)}
    with program_scope(world.program):
        ran_out = stock_outs(world.program, since=timezone.localdate() - dt.timedelta(days=90))
    assert [(row["item_name"], row["days"]) for row in ran_out] == [(stocked["cookers"].name, 2)]


def test_the_digest_follows_the_recipients_language(world, coordinator, stocked):
    type(coordinator).objects.filter(pk=coordinator.pk).update(language="es")
    task_stock_digests()
    message = next(m for m in mail.outbox if m.to == [coordinator.email])
    english = next(m for m in mail.outbox if m.to == [world.owner.email])
    assert "Program A" in message.subject and "Program A" in english.subject
    assert message.body != english.body
