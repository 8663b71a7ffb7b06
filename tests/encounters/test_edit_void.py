"""Correcting and voiding visits: within the window, with a reason, audited, stock kept exact."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter, KitOutcome
from waypoint.encounters.services import edit_encounter, log_encounter, void_encounter
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants.models import Participant
from waypoint.supplies.models import StockBalance

from .helpers import catalog, participant, visit


@pytest.fixture
def items(world):
    return catalog(world.program)


@pytest.fixture(autouse=True)
def scope(world):
    with program_scope(world.program):
        yield


def on_hand(site, item) -> int:
    return StockBalance.unscoped.get(site=site, item=item).on_hand


def age(encounter, hours):
    Encounter.unscoped.filter(pk=encounter.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )
    encounter.refresh_from_db()


def test_an_edit_moves_stock_by_the_difference(world, items):
    encounter = log_encounter(
        world.program, visit(world.site, items={items["kit"]: 3, items["strip"]: 2})
    ).encounter
    edit_encounter(
        encounter,
        visit(world.site, items={items["kit"]: 1, items["cookers"]: 4}),
        actor=world.member,
    )
    encounter.refresh_from_db()
    assert on_hand(world.site, items["kit"]) == -1
    assert on_hand(world.site, items["strip"]) == 0
    assert on_hand(world.site, items["cookers"]) == -4
    assert encounter.syringes_given == 10 and encounter.edited_at is not None
    assert dict(encounter.items.values_list("item_id", "quantity")) == {
        items["kit"].pk: 1,
        items["cookers"].pk: 4,
    }
    event = AuditEvent.unscoped.get(action="encounter.edit", object_id=str(encounter.pk))
    assert event.extra["before"]["items"] == {str(items["kit"].pk): 3, str(items["strip"].pk): 2}


def test_an_edit_after_the_window_is_refused(world, items):
    encounter = log_encounter(world.program, visit(world.site, items={items["kit"]: 3})).encounter
    age(encounter, 25)
    with pytest.raises(ValidationError, match="24 hours"):
        edit_encounter(encounter, visit(world.site, items={items["kit"]: 1}), actor=world.member)
    assert on_hand(world.site, items["kit"]) == -3


def test_an_edit_can_change_the_participant_but_not_to_a_closed_record(world, items):
    first, second = participant(world.program), participant(world.program)
    closed = participant(world.program, status="deceased")
    encounter = log_encounter(world.program, visit(world.site, participant=first)).encounter
    edit_encounter(encounter, visit(world.site, participant=second), actor=world.member)
    assert Participant.unscoped.get(pk=first.pk).last_visit_at is None
    assert Participant.unscoped.get(pk=second.pk).last_visit_at is not None
    with pytest.raises(ValidationError, match="deceased"):
        edit_encounter(encounter, visit(world.site, participant=closed), actor=world.member)


def test_void_returns_items_to_stock_and_is_audited(world, items):
    person = participant(world.program)
    encounter = log_encounter(
        world.program, visit(world.site, participant=person, items={items["kit"]: 2})
    ).encounter
    void_encounter(encounter, actor=world.member, reason="Logged for the wrong person")
    encounter.refresh_from_db()
    assert encounter.is_voided and encounter.void_reason == "Logged for the wrong person"
    assert on_hand(world.site, items["kit"]) == 0
    assert Participant.unscoped.get(pk=person.pk).last_visit_at is None
    event = AuditEvent.unscoped.get(action="encounter.void", object_id=str(encounter.pk))
    assert event.extra == {"reason": "Logged for the wrong person"} and event.actor == world.member


def test_void_needs_a_reason_and_happens_once(world, items):
    encounter = log_encounter(world.program, visit(world.site, items={items["kit"]: 2})).encounter
    with pytest.raises(ValidationError, match="reason"):
        void_encounter(encounter, actor=world.member, reason="  ")
    void_encounter(encounter, actor=world.member, reason="duplicate")
    with pytest.raises(ValidationError, match="already voided"):
        void_encounter(encounter, actor=world.member, reason="again")
    assert on_hand(world.site, items["kit"]) == 0
    with pytest.raises(ValidationError, match="voided"):
        edit_encounter(encounter, visit(world.site), actor=world.member)


def test_a_late_void_needs_a_coordinator(world, items):
    encounter = log_encounter(world.program, visit(world.site, items={items["kit"]: 2})).encounter
    age(encounter, 48)
    with pytest.raises(ValidationError, match="ask a coordinator"):
        void_encounter(encounter, actor=world.member, reason="duplicate")
    void_encounter(encounter, actor=world.owner, reason="duplicate", late=True)
    assert on_hand(world.site, items["kit"]) == 0


def test_voiding_withdraws_the_reversal_report(world, items):
    data = visit(
        world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose={"relationship": "stranger"}
    )
    encounter = log_encounter(world.program, data).encounter
    void_encounter(encounter, actor=world.member, reason="test entry")
    report = OverdoseReport.unscoped.get(encounter=encounter)
    assert report.voided_at is not None and not report.counts_as_reversal


def test_an_edit_away_from_used_in_an_overdose_withdraws_the_report(world, items):
    data = visit(
        world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose={"relationship": "stranger"}
    )
    encounter = log_encounter(world.program, data).encounter
    edit_encounter(encounter, visit(world.site, kit_outcome=KitOutcome.LOST), actor=world.member)
    assert OverdoseReport.unscoped.get(encounter=encounter).voided_at is not None
