"""The walk-up window search: card number, code, code prefix, alias; merged records resolved."""

from __future__ import annotations

import pytest

from waypoint.core.scoping import program_scope
from waypoint.participants import services
from waypoint.participants.models import ParticipantStatus
from waypoint.participants.queries import find_for_window

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_exact_card_number_comes_first(world):
    with program_scope(world.program):
        carded = ParticipantFactory(program=world.program, code="ZZZZ0101011990")
        card = services.issue_card(carded, actor=world.owner)
        ParticipantFactory(
            program=world.program, code=card.card_number + "1", alias=card.card_number
        )
        found = find_for_window(world.program, card.card_number.lower())
    assert found[0] == carded


def test_exact_code_then_prefix_then_alias(world):
    with program_scope(world.program):
        exact = ParticipantFactory(program=world.program, code="MAJO0103151980")
        longer = ParticipantFactory(program=world.program, code="MAJO0103151980X")
        by_alias = ParticipantFactory(
            program=world.program, code="QQQQ0101011990", alias="ma-jo 0103151980"
        )
        found = find_for_window(world.program, "ma-jo 01 03 15 1980")
    assert found[:2] == [exact, longer]
    assert by_alias not in found  # the alias does not contain the typed text as written

    with program_scope(world.program):
        found = find_for_window(world.program, "ma-jo")
    assert found == [exact, longer, by_alias]


def test_alias_is_case_insensitive_and_limit_applies(world):
    with program_scope(world.program):
        for n in range(10):
            ParticipantFactory(program=world.program, alias=f"Sunny {n}")
        found = find_for_window(world.program, "sUNNY", limit=8)
    assert len(found) == 8


def test_deceased_and_opted_out_are_shown(world):
    with program_scope(world.program):
        gone = ParticipantFactory(
            program=world.program, code="ABCD0101011970", status=ParticipantStatus.DECEASED
        )
        out = ParticipantFactory(
            program=world.program, code="ABCD0101011971", status=ParticipantStatus.OPTED_OUT
        )
        found = find_for_window(world.program, "ABCD01")
    assert set(found) == {gone, out}


def test_merged_record_resolves_to_kept_record(world):
    with program_scope(world.program):
        keep = ParticipantFactory(program=world.program, code="KEEP0101011970")
        drop = ParticipantFactory(program=world.program, code="DROP0101011970")
        services.merge_participants(keep, drop, actor=world.owner)
        assert find_for_window(world.program, "DROP0101011970") == [keep]
        assert find_for_window(world.program, "0101011970") == []


def test_other_programs_are_never_found(world):
    with program_scope(world.other_program):
        ParticipantFactory(program=world.other_program, code="OTHR0101011970", alias="Sunny")
    with program_scope(world.program):
        assert find_for_window(world.program, "OTHR0101011970") == []
        assert find_for_window(world.program, "Sunny") == []


@pytest.mark.parametrize("prefix", ["MA", "M9", "MZ", "ZZ", "Z"])
def test_prefix_search_finds_exactly_the_codes_starting_with_it(world, prefix):
    codes = ["M9Z", "MA", "MA0", "MAZZ", "MB", "MZ", "MZZZ9", "N0", "Z", "ZZ", "ZZ0"]
    with program_scope(world.program):
        for code in codes:
            ParticipantFactory(program=world.program, code=code)
        found = {p.code for p in find_for_window(world.program, prefix, limit=50)}
    assert found == {code for code in codes if code.startswith(prefix)}


def test_a_record_merged_into_a_record_merged_later_points_at_the_one_kept(world):
    with program_scope(world.program):
        first = ParticipantFactory(program=world.program, code="AAAA0101011970")
        middle = ParticipantFactory(program=world.program, code="BBBB0101011970")
        kept = ParticipantFactory(program=world.program, code="CCCC0101011970")
        services.merge_participants(middle, first, actor=world.owner)
        services.merge_participants(kept, middle, actor=world.owner)
        first.refresh_from_db()
        assert first.merged_into == kept  # one step, as reports count it
        assert find_for_window(world.program, "AAAA0101011970") == [kept]
