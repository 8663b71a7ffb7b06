"""Lookup keys: similar codes share keys, the closer the more, and known drifts are looked up."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.participants import matchkeys, uic

RECIPES = [*uic.PRESETS.values(), uic.custom_recipe(["given2", "year2"])]
DEFAULT = uic.PRESETS["parents_dob"]


def _code(recipe: uic.Recipe, draw) -> str:
    parts = []
    for c in recipe.components:
        pool = string.digits if c.kind == uic.DIGITS else string.ascii_uppercase
        parts.append("".join(draw(st.sampled_from(pool)) for _ in range(c.length)))
    return "".join(parts)


@st.composite
def recipe_and_code(draw):
    recipe = draw(st.sampled_from(RECIPES))
    return recipe, _code(recipe, draw)


def _change_units(recipe, code: str, which: list[int]) -> str:
    chars = list(code)
    for index in which:
        unit = matchkeys.units(recipe)[index]
        chars[unit.start] = "7" if chars[unit.start] != "7" else "8"
    return "".join(chars)


def _shared(recipe, a: str, b: str) -> int:
    return len(set(matchkeys.keys(recipe, a)) & set(matchkeys.keys(recipe, b)))


@given(recipe_and_code())
def test_an_identical_code_shares_every_key(drawn):
    recipe, code = drawn
    keys = matchkeys.keys(recipe, code)
    assert keys and len(set(keys)) == len(keys)
    assert _shared(recipe, code, code) == len(keys)


@given(recipe_and_code(), st.data())
def test_codes_apart_in_up_to_dropped_units_share_a_key_and_closer_share_more(drawn, data):
    recipe, code = drawn
    count = len(matchkeys.units(recipe))
    dropped = matchkeys.dropped(recipe)
    which = data.draw(
        st.lists(st.integers(0, count - 1), min_size=1, max_size=dropped, unique=True)
    )
    other = _change_units(recipe, code, which)
    closer = _change_units(recipe, code, which[:-1])
    assert _shared(recipe, code, other) >= 1
    assert _shared(recipe, code, closer) > _shared(recipe, code, other)


def test_long_recipes_allow_two_units_short_ones_one():
    assert [matchkeys.dropped(r) for r in uic.PRESETS.values()] == [2, 1, 1, 1, 2]
    assert len(matchkeys.keys(DEFAULT, "MAJO0203151980")) == 15  # 6 parts, any 2 left out


def test_a_code_of_two_parts_is_cut_into_characters():
    recipe = uic.custom_recipe(["given2", "year2"])
    assert [(u.start, u.end) for u in matchkeys.units(recipe)] == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_a_long_custom_code_is_cut_into_six_units():
    recipe = uic.custom_recipe(list(uic.CATALOG)[:10])
    cut = matchkeys.units(recipe)
    assert len(cut) == 6 and cut[0].start == 0 and cut[-1].end == recipe.length


def test_letters_are_keyed_by_sound():
    recipe = uic.PRESETS["surname_gender_day_year"]
    assert matchkeys.keys(recipe, "VAF1588") == matchkeys.keys(recipe, "BAF1588")


def test_day_and_month_swapped_are_looked_up():
    assert matchkeys.variants(DEFAULT, "MAJO0203071980") == ["MAJO0203071980", "MAJO0207031980"]
    # A day above 12 cannot be a month.
    assert matchkeys.variants(DEFAULT, "MAJO0203151980") == ["MAJO0203151980"]


def test_short_recipes_look_up_the_year_and_the_typed_names_other_forms():
    recipe = uic.PRESETS["gender_year_parents"]
    forms = {"mother2": {"EL": "nickname"}, "father2": {}}
    found = matchkeys.variants(recipe, "F1980BEJO", forms=forms)
    assert found[0] == "F1980BEJO"
    assert {"F1979BEJO", "F1981BEJO", "F1980ELJO", "F1981ELJO"} <= set(found)


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: r.key)
def test_a_code_shorter_than_the_recipe_has_no_keys(recipe):
    assert matchkeys.keys(recipe, "AB") == []
