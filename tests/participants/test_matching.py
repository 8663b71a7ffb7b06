"""Duplicate candidates: slips of memory are offered with what differs, other people are
not, an identical code is never hidden, and the lookup costs two queries at any size."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from waypoint.core.scoping import program_scope
from waypoint.participants import matching, uic
from waypoint.participants.models import Participant, ParticipantSettings, ParticipantStatus

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


def _kinds(match) -> list[str]:
    return [d.kind for d in match.differences]


@given(ANSWERS, st.integers(0, 100), st.integers(0, 100))
def test_one_wrong_character_is_one_slip(answers, position, pick):
    code = uic.build_code(RECIPE, answers).code
    match = matching.compare(RECIPE, _typo(code, position, pick), code)
    assert match is not None and len(match.differences) == 1
    assert 80 <= match.score < 100


@given(ANSWERS, st.integers(0, 100))
def test_two_neighbours_swapped_are_one_slip(answers, position):
    code = uic.build_code(RECIPE, answers).code
    swapped = _transpose(code, position)
    assume(swapped != code)
    match = matching.compare(RECIPE, swapped, code)
    assert match is not None and len(match.differences) == 1


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


def test_an_unknown_parent_counts_as_one_slip():
    # Father not known this time (own initials RT), and the year one off: offered.
    one_more = matching.compare(RECIPE, "MART0203071981", "MAJO0203071980", wildcards={"father2"})
    assert _kinds(one_more) == [matching.INITIALS, matching.YEAR]
    # Day and month swapped as well: three things differ, someone else.
    two_more = matching.compare(RECIPE, "MART0207031981", "MAJO0203071980", wildcards={"father2"})
    assert two_more is None


@given(ANSWERS, st.integers(0, 100))
def test_three_parts_apart_is_someone_else(answers, pick):
    code = uic.build_code(RECIPE, answers).code
    other = code
    for position in (0, 4, 13):  # mother's name, birth order, birth year
        other = _typo(other, position, pick)
    assert matching.compare(RECIPE, other, code) is None


def test_day_and_month_swapped_is_one_slip_in_words():
    match = matching.compare(RECIPE, "MAJO0207031980", "MAJO0203071980")
    assert _kinds(match) == [matching.SWAPPED]
    assert match.differences[0].describe(RECIPE) == "birth day and month swapped"


@pytest.mark.parametrize("typed,stored", [("MAJO0203151990", "MAJO0203151989")])
def test_the_year_one_off_is_one_slip_even_across_a_decade(typed, stored):
    match = matching.compare(RECIPE, typed, stored)
    assert _kinds(match) == [matching.YEAR]
    assert match.differences[0].describe(RECIPE) == "birth year: one year apart"


def test_a_nickname_is_one_slip_with_or_without_the_answer():
    # Beth at the window, Elizabeth when enrolled.
    assert _kinds(matching.compare(RECIPE, "BEJO0203151980", "ELJO0203151980")) == ["nickname"]
    forms = matching.typed_forms(RECIPE, {"mother2": "Beth", "father2": "José"})
    match = matching.compare(RECIPE, "BEJO0203151980", "ELJO0203151980", forms=forms)
    assert _kinds(match) == ["nickname"]
    assert match.differences[0].describe(RECIPE) == "mother's name: another form of the same name"


def test_two_slips_are_offered_lower_and_say_what_differs():
    # Beto for Roberto, and day and month swapped.
    one = matching.compare(RECIPE, "MABE0207031980", "MARO0207031980")
    two = matching.compare(RECIPE, "MABE0207031980", "MARO0203071980")
    assert two is not None and two.score < one.score < 100
    assert [d.describe(RECIPE) for d in two.differences] == [
        "birth day and month swapped",
        "father's name: another form of the same name",
    ]


def test_two_plain_typos_are_someone_else():
    assert matching.compare(RECIPE, "MAJP0203151980", "MAJO0203161980") is None


def test_a_slip_across_two_parts_names_both():
    match = matching.compare(RECIPE, "MAJ0O103151980", "MAJO0103151980")
    assert [(d.component, d.kind, d.other) for d in match.differences] == [
        ("father2", matching.TRANSPOSED, "birth_order")
    ]


def test_a_code_typed_whole_in_another_shape_allows_one_slip_of_the_keys():
    match = matching.compare(RECIPE, "AB12", "AB13")
    assert [d.describe(RECIPE) for d in match.differences] == [
        "participant code: one character differs"
    ]
    assert matching.compare(RECIPE, "AB12", "AC13") is None


def test_a_different_suffix_letter_is_reported():
    recipe = uic.PRESETS["surname_mother_day_site"]
    assert matching.compare(recipe, "GAM15N", "GAM15NX").differences == [
        matching.Difference(matching.SUFFIX, matching.SUFFIX)
    ]


@pytest.fixture
def scoped(world):
    with program_scope(world.program):
        yield world


def _store(program, code: str, **fields) -> Participant:
    return ParticipantFactory(program=program, code=code, **fields)


@DB_SETTINGS
@given(
    ANSWERS,
    st.sampled_from(["typo", "transposed", "initials", "year", "swap"]),
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
    elif slip == "year":
        typed = uic.build_code(RECIPE, {**answers, "year4": str(int(answers["year4"]) + 1)}).code
    elif slip == "swap":
        assume(int(answers["day"]) <= 12)
        typed = uic.build_code(
            RECIPE, {**answers, "month": answers["day"], "day": answers["month"]}
        ).code
    else:
        built = uic.build_code(RECIPE, {**answers, "father2_unknown": "on"})
        typed, fallbacks = built.code, built.fallbacks
    assume(typed != stored)
    found = matching.find_candidates(program, RECIPE, typed, fallbacks=fallbacks)
    assert [c.participant for c in found] == [person]


@DB_SETTINGS
@given(ANSWERS, ANSWERS)
def test_find_candidates_skips_codes_three_parts_apart(scoped, first, second):
    program = scoped.program
    Participant.unscoped.filter(program=program).delete()
    one, two = uic.build_code(RECIPE, first).code, uic.build_code(RECIPE, second).code
    assume(
        sum(
            a != b
            for a, b in zip(uic.split_code(RECIPE, one), uic.split_code(RECIPE, two), strict=True)
        )
        >= 3
    )
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


def test_other_programs_and_merged_records_are_never_candidates(scoped):
    with program_scope(scoped.other_program):
        _store(scoped.other_program, "MAJO0103151980")
    _store(scoped.program, "MAJO0103151981", status=ParticipantStatus.MERGED)
    assert matching.find_candidates(scoped.program, RECIPE, "MAJO0103151980") == []


def _crowd(program, recipe: uic.Recipe, code: str, size: int, rng: random.Random) -> None:
    """``size`` records a character or two away from ``code``, sharing most of its keys."""
    made: set[str] = {code}
    while len(made) < size + 1:
        other = list(code)
        for position in rng.sample(range(recipe.length), rng.choice((1, 2))):
            pool = string.digits if code[position].isdigit() else string.ascii_uppercase
            other[position] = rng.choice(pool)
        made.add("".join(other))
    for other in sorted(made - {code}):
        _store(program, other)


@pytest.mark.parametrize("recipe_key", [*uic.PRESETS, uic.CUSTOM])
def test_an_identical_code_is_found_first_whatever_the_recipe_and_crowd(world, recipe_key):
    ParticipantSettings.unscoped.create(
        program=world.program, recipe=recipe_key, custom_components=["given2", "day", "month"]
    )
    with program_scope(world.program):
        recipe = ParticipantSettings.objects.get(program=world.program).get_recipe()
        code = "".join(
            "7" if c.kind == uic.DIGITS else "F" for c in recipe.components for _ in range(c.length)
        )
        _crowd(world.program, recipe, code, 3 * matching.MAX_ROWS, random.Random(recipe_key))
        person = _store(world.program, code)
        found = matching.find_candidates(world.program, recipe, code)
    assert found[0].participant == person and found[0].exact


def test_an_identical_code_is_found_even_without_lookup_keys(scoped):
    # Rows written by an import or an old version may lack keys: the code itself still finds them.
    person = _store(scoped.program, "MAJO0103151980")
    person.match_keys.all().delete()
    found = matching.find_candidates(scoped.program, RECIPE, "MAJO0103151980")
    assert [c.participant for c in found] == [person]


def test_the_cut_keeps_records_closer_than_those_it_drops(scoped):
    target = "MAJO0203151980"
    # Many records two parts away (month and day both different) …
    days = {f"{m:02d}{d:02d}" for m in range(4, 13) for d in range(16, 29)}
    for month_day in sorted(days)[: matching.MAX_ROWS + 20]:
        _store(scoped.program, f"MAJO02{month_day}1980")
    # … and one a single typo away, whose code sorts after all of them.
    close = _store(scoped.program, "ZAJO0203151980")
    found = matching.find_candidates(scoped.program, RECIPE, target, limit=matching.MAX_ROWS)
    assert close in [c.participant for c in found]


def test_lookup_costs_two_queries_and_reads_few_rows_in_a_large_program(
    scoped, django_assert_num_queries
):
    rng = random.Random(7)
    common = ["MA", "JO", "AN", "LI", "RO", "JE", "SA", "CA", "DA", "MI"]
    codes = set()
    while len(codes) < 5000:
        codes.add(
            rng.choice(common) + rng.choice(common) + f"{rng.randint(1, 6):02d}"
            f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1960, 2000)}"
        )
    rows = [Participant(program=scoped.program, network_key="x", code=code) for code in codes]
    Participant.unscoped.bulk_create(rows, batch_size=500)
    for row in Participant.unscoped.filter(program=scoped.program):
        matching.store_keys(row, RECIPE)
    target = sorted(codes)[1234]
    typed = _typo(target, 5, 3)
    read = matching.candidate_ids(scoped.program, RECIPE, [typed])
    with django_assert_num_queries(2):
        found = matching.find_candidates(scoped.program, RECIPE, typed)
    assert target in {c.participant.code for c in found}
    assert len(read) <= matching.MAX_ROWS
