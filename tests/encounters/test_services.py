"""Logging visits: what is stored, what moves in stock, and what is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import SiteFactory
from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter, KitOutcome, VisitSettings
from waypoint.encounters.services import DuplicateVisit, log_encounter
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants.models import Participant, ParticipantStatus
from waypoint.supplies.models import StockBalance, StockMovement

from .helpers import catalog, participant, visit


@pytest.fixture
def items(world):
    return catalog(world.program)


@pytest.fixture(autouse=True)
def scope(world):
    with program_scope(world.program):
        yield


def balance(site, item) -> StockBalance | None:
    return StockBalance.unscoped.filter(site=site, item=item).first()


def nothing_stored():
    return not Encounter.unscoped.exists() and not StockMovement.unscoped.exists()


def test_a_visit_stores_items_totals_and_moves_stock(world, items):
    person = participant(world.program)
    result = log_encounter(
        world.program,
        visit(world.site, participant=person, items={items["kit"]: 3, items["naloxone"]: 1}),
        actor=world.member,
    )
    encounter = result.encounter
    assert result.created
    assert encounter.syringes_given == 30 and encounter.naloxone_doses_given == 2
    assert encounter.modality == world.site.kind and encounter.staff == world.member
    assert sorted(encounter.items.values_list("quantity", flat=True)) == [1, 3]
    assert balance(world.site, items["kit"]).on_hand == -3
    movements = StockMovement.unscoped.filter(encounter=encounter)
    assert sorted(movements.values_list("quantity", flat=True)) == [-3, -1]
    assert Participant.unscoped.get(pk=person.pk).last_visit_at == encounter.occurred_at
    event = AuditEvent.unscoped.get(action="encounter.create", object_id=str(encounter.pk))
    assert event.actor == world.member and event.program == world.program


def test_low_stock_never_refuses_a_visit_and_flags_a_recount(world, items):
    StockBalance.unscoped.create(
        program=world.program, site=world.site, item=items["kit"], on_hand=2
    )
    StockBalance.unscoped.create(
        program=world.program, site=world.site, item=items["strip"], on_hand=50
    )
    result = log_encounter(
        world.program, visit(world.site, items={items["kit"]: 5, items["strip"]: 5})
    )
    assert result.created and result.recount_items == {items["kit"].pk}
    kit = balance(world.site, items["kit"])
    assert kit.on_hand == -3 and kit.needs_recount
    strip = balance(world.site, items["strip"])
    assert strip.on_hand == 45 and not strip.needs_recount


def test_stock_moves_only_at_the_visit_site(world, items):
    second = SiteFactory(program=world.program, name="Van")
    log_encounter(world.program, visit(second, items={items["kit"]: 2}))
    assert balance(second, items["kit"]).on_hand == -2
    assert balance(world.site, items["kit"]) is None


def test_an_anonymous_visit_needs_no_participant(world, items):
    result = log_encounter(world.program, visit(world.site, items={items["strip"]: 2}))
    assert result.encounter.participant is None and result.created


def test_a_replay_returns_the_same_visit(world, items):
    data = visit(world.site, items={items["kit"]: 1})
    first = log_encounter(world.program, data)
    again = log_encounter(world.program, data)
    assert again.encounter.pk == first.encounter.pk and not again.created
    assert Encounter.unscoped.count() == 1
    assert balance(world.site, items["kit"]).on_hand == -1


def test_a_reused_uuid_with_other_content_is_refused(world, items):
    data = visit(world.site, items={items["kit"]: 1})
    log_encounter(world.program, data)
    data.items = {items["kit"].pk: 2}
    with pytest.raises(DuplicateVisit):
        log_encounter(world.program, data)
    assert balance(world.site, items["kit"]).on_hand == -1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, w, i: d.items.update({i["kit"].pk: -1}), "cannot be negative"),
        (lambda d, w, i: d.items.update({i["kit"].pk: 21}), "more than the 20"),
        (lambda d, w, i: d.items.update({999_999: 1}), "not in this program's catalog"),
        (lambda d, w, i: setattr(d, "site_id", w.other_site.pk), "open sites"),
        (
            lambda d, w, i: setattr(d, "occurred_at", timezone.now() + dt.timedelta(days=2)),
            "in the future",
        ),
        (
            lambda d, w, i: setattr(d, "occurred_at", timezone.now() - dt.timedelta(days=400)),
            "more than a year",
        ),
        (lambda d, w, i: setattr(d, "secondary_recipients", 500), "between 0 and 50"),
        (lambda d, w, i: setattr(d, "services", ["astrology"]), "Unknown service"),
        (lambda d, w, i: setattr(d, "modality", "teleport"), "how the person was served"),
        (lambda d, w, i: setattr(d, "kit_outcome", "sold"), "last naloxone kit"),
    ],
    ids=[
        "negative",
        "absurd",
        "unknown-item",
        "other-site",
        "future",
        "ancient",
        "recipients",
        "service",
        "modality",
        "kit-outcome",
    ],
)
def test_bad_input_is_refused_and_stores_nothing(world, items, change, message):
    data = visit(world.site, items={items["kit"]: 1})
    change(data, world, items)
    with pytest.raises(ValidationError) as refused:
        log_encounter(world.program, data)
    assert message in " ".join(refused.value.messages)
    assert nothing_stored()


def test_an_inactive_item_is_refused(world, items):
    items["smoking"].is_active = False
    items["smoking"].save()
    with pytest.raises(ValidationError, match="no longer handed out"):
        log_encounter(world.program, visit(world.site, items={items["smoking"]: 1}))
    assert nothing_stored()


def test_another_programs_item_or_participant_is_refused(world, items):
    theirs = catalog(world.other_program)
    stranger = participant(world.other_program)
    with pytest.raises(ValidationError, match="not in this program's catalog"):
        log_encounter(world.program, visit(world.site, items={theirs["kit"]: 1}))
    with pytest.raises(ValidationError, match="not in this program's records"):
        log_encounter(world.program, visit(world.site, participant=stranger))
    assert nothing_stored()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ParticipantStatus.DECEASED, "marked deceased"),
        (ParticipantStatus.OPTED_OUT, "Log the visit as anonymous"),
        (ParticipantStatus.MERGED, "merged into KEEP1"),
    ],
)
def test_a_closed_record_takes_no_new_visit(world, items, status, message):
    keep = participant(world.program, code="KEEP1")
    closed = participant(
        world.program, status=status, merged_into=keep if status == "merged" else None
    )
    with pytest.raises(ValidationError, match=message):
        log_encounter(world.program, visit(world.site, participant=closed, items={items["kit"]: 1}))
    assert nothing_stored()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"collection_method": "count", "collected_count": 40}, 40),
        ({"collection_method": "container", "container": "1 quart", "containers": 2}, 200),
        ({"collection_method": "weight", "pounds": Decimal("1.5")}, 422),
        ({"collection_method": "", "collected_count": 40}, 0),
    ],
    ids=["count", "container", "weight", "none"],
)
def test_returned_syringes_by_count_container_or_weight(world, fields, expected):
    encounter = log_encounter(world.program, visit(world.site, **fields)).encounter
    assert encounter.syringes_collected == expected


def test_weight_uses_the_programs_own_figure(world):
    VisitSettings.unscoped.create(program=world.program, syringes_per_pound=Decimal("300"))
    data = visit(world.site, collection_method="weight", pounds=Decimal("2"))
    assert log_encounter(world.program, data).encounter.syringes_collected == 600


def test_unknown_container_size_is_refused(world):
    with pytest.raises(ValidationError, match="container sizes"):
        log_encounter(
            world.program,
            visit(world.site, collection_method="container", container="bucket", containers=1),
        )


def test_a_kit_used_in_an_overdose_stores_the_reversal_report(world, items):
    person = participant(world.program)
    data = visit(
        world.site,
        participant=person,
        items={items["naloxone"]: 2},
        kit_outcome=KitOutcome.USED_OVERDOSE,
        overdose={
            "relationship": "friend",
            "setting": "private",
            "naloxone_doses": "2",
            "naloxone_worked": True,
            "called_911": False,
            "area": "45202",
        },
    )
    encounter = log_encounter(world.program, data, actor=world.member).encounter
    report = OverdoseReport.unscoped.get(encounter=encounter)
    assert (
        report.relationship == "friend"
        and report.naloxone_worked is True
        and report.called_911 is False
    )
    assert report.ems_arrived is None and report.counts_as_reversal
    assert report.site == world.site and report.reported_by == world.member


def test_a_reversal_report_without_a_used_kit_is_refused(world):
    data = visit(world.site, kit_outcome=KitOutcome.LOST, overdose={"relationship": "friend"})
    with pytest.raises(ValidationError, match="used in an overdose"):
        log_encounter(world.program, data)
    assert not OverdoseReport.unscoped.exists()


def test_a_bad_reversal_answer_is_refused(world):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    data = visit(
        world.site,
        kit_outcome=KitOutcome.USED_OVERDOSE,
        overdose={"occurred_on": future, "relationship": "enemy"},
    )
    with pytest.raises(ValidationError) as refused:
        log_encounter(world.program, data)
    text = " ".join(refused.value.messages)
    assert "in the future" in text and "listed answers" in text
    assert nothing_stored()
