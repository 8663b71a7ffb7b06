"""Duplicate candidates: one slip is offered, unrelated codes are not, and lookups stay small."""

from __future__ import annotations

import random
import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from waypoint.core.scoping import program_scope
from waypoint.participants import matching, uic
from waypoint.participants.models import Participant

from .factories import ParticipantFactory

RECIPE = uic.PRESETS["parents_dob"]
NAME = st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=8)
ANSWERS = st.fixed_dictionaries(
    {
        "mother2": NAME,
        "father2": NAME,
        "birth_order": st.integers(1, 12).map(str),
        "month": st.integers(1, 12).map(str),
        "day": st.integers(1, 28).map(str),
        "year4": st.integers(1940, 2008).map(str),
        "initials": st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2),
    }
)
DB_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _same_class_other(ch: str, pick: int) -> str:
    pool = string.digits if ch.isdigit() else string.ascii_uppercase
    pool = pool.replace(ch, "")
    return pool[pick % len(pool)]


def _typo(code: str, position: int, pick: int) -> str:
    position %= len(code)
    return code[:position] + _same_class_other(code[position], pick) + code[position + 1 :]


def _transpose(code: str, position: int) -> str:
    position %= len(code) - 1
    return code[:position] + code[position + 1] + code[position] + code[position + 2 :]


@given(ANSWERS, st.integers(0, 100), st.integers(0, 100))
def test_one_typo_is_related(answers, position, pick):
    code = uic.build_code(RECIPE, answers).code
    match = matching.compare(RECIPE, _typo(code, position, pick), code)
    assert match is not None and [d.kind for d in match.differences] == [matching.TYPO]


@given(ANSWERS, st.integers(0, 100))
def test_two_transposed_neighbours_are_related(answers, position):
    code = uic.build_code(RECIPE, answers).code
    swapped = _transpose(code, position)
    assume(swapped != code)
    match = matching.compare(RECIPE, swapped, code)
    assert match is not None and {d.kind for d in match.differences} == {matching.TRANSPOSED}


@given(ANSWERS, st.sampled_from(["mother2", "father2"]))
def test_unknown_parent_replaced_by_initials_is_related(answers, parent):
    known = uic.build_code(RECIPE, answers)
    unknown = uic.build_code(RECIPE, {**answers, f"{parent}_unknown": "on"})
    assert unknown.fallbacks == [parent]
    # Either side may be the one with initials: the person forgot, or has since learned.
    assert (
        matching.compare(RECIPE, unknown.code, known.code, wildcards=set(unknown.fallbacks))
        is not None
    )
    assert matching.compare(RECIPE, known.code, unknown.code, wildcards={parent}) is not None
    # Knowing the person's own initials is enough, without the stored flag.
    assert (
        matching.compare(RECIPE, unknown.code, known.code, initials=answers["initials"]) is not None
    )


@given(
    ANSWERS, st.lists(st.integers(0, 13), min_size=3, max_size=6, unique=True), st.integers(0, 100)
)
def test_codes_differing_in_three_places_are_unrelated(answers, positions, pick):
    code = uic.build_code(RECIPE, answers).code
    other = code
    for position in positions:
        other = _typo(other, position, pick)
    assert matching.compare(RECIPE, other, code) is None


def test_transposition_across_components_names_both():
    match = matching.compare(RECIPE, "MAJ0O103151980", "MAJO0103151980")
    assert match is not None
    assert [d.component for d in match.differences] == ["father2", "birth_order"]


def test_suffix_is_reported_only_for_recipes_with_suffixes():
    with_suffix = uic.PRESETS["surname_mother_day_site"]
    assert matching.compare(with_suffix, "GAM15N", "GAM15NX").differences == [
        matching.Difference(matching.SUFFIX, matching.SUFFIX)
    ]
    assert matching.compare(RECIPE, "MAJO0103151980", "MAJO0103151980X") is None


@pytest.fixture
def scoped(world):
    with program_scope(world.program):
        yield world


def _store(program, code: str, **fields) -> Participant:
    return ParticipantFactory(program=program, code=code, **fields)


@DB_SETTINGS
@given(
    ANSWERS,
    st.sampled_from(["typo", "transposed", "initials"]),
    st.integers(0, 100),
    st.integers(0, 100),
)
def test_find_candidates_offers_each_slip(scoped, answers, slip, position, pick):
    program = scoped.program
    Participant.unscoped.filter(program=program).delete()
    stored = uic.build_code(RECIPE, answers).code
    person = _store(program, stored)
    fallbacks: list[str] = []
    if slip == "typo":
        typed = _typo(stored, position, pick)
    elif slip == "transposed":
        typed = _transpose(stored, position)
        assume(typed != stored)
    else:
        built = uic.build_code(RECIPE, {**answers, "father2_unknown": "on"})
        typed, fallbacks = built.code, built.fallbacks
        assume(typed != stored)
    found = matching.find_candidates(program, RECIPE, typed, fallbacks=fallbacks)
    assert [c.participant for c in found] == [person]


@DB_SETTINGS
@given(ANSWERS, ANSWERS)
def test_find_candidates_skips_unrelated_codes(scoped, first, second):
    program = scoped.program
    Participant.unscoped.filter(program=program).delete()
    one, two = uic.build_code(RECIPE, first).code, uic.build_code(RECIPE, second).code
    assume(sum(a != b for a, b in zip(one, two, strict=True)) >= 3)
    _store(program, one)
    assert matching.find_candidates(program, RECIPE, two) == []


def test_stored_initials_flag_makes_a_parent_a_wildcard(scoped):
    person = _store(scoped.program, "RTJO0103151980", fallback_parts=["mother2"])
    found = matching.find_candidates(scoped.program, RECIPE, "MAJO0103151980")
    assert [(c.participant, [d.kind for d in c.differences]) for c in found] == [
        (person, [matching.INITIALS])
    ]


def test_exact_match_scores_highest(scoped):
    exact = _store(scoped.program, "MAJO0103151980")
    typo = _store(scoped.program, "MAJO0103151981")
    found = matching.find_candidates(scoped.program, RECIPE, "MAJO0103151980")
    assert [c.participant for c in found] == [exact, typo]
    assert found[0].score == 100 > found[1].score


def test_other_programs_are_never_candidates(scoped):
    with program_scope(scoped.other_program):
        _store(scoped.other_program, "MAJO0103151980")
    assert matching.find_candidates(scoped.program, RECIPE, "MAJO0103151980") == []


def test_lookup_reads_few_rows_in_a_large_program(scoped):
    rng = random.Random(7)
    common = ["MA", "JO", "AN", "LI", "RO", "JE", "SA", "CA", "DA", "MI"]
    codes = set()
    while len(codes) < 5000:
        codes.add(
            rng.choice(common) + rng.choice(common) + f"{rng.randint(1, 6):02d}"
            f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1960, 2000)}"
        )
    rows = []
    for code in codes:
        row = Participant(program=scoped.program, network_key="x")
        row.set_code(code)
        rows.append(row)
    Participant.unscoped.bulk_create(rows, batch_size=500)
    target = sorted(codes)[1234]
    with CaptureQueriesContext(connection) as queries:
        read = list(matching.candidate_rows(scoped.program, _typo(target, 5, 3)))
        found = matching.find_candidates(scoped.program, RECIPE, _typo(target, 5, 3))
    assert target in {c.participant.code for c in found}
    assert len(read) < 250  # of 5,000
    assert len(queries) == 2
