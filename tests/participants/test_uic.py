"""Building and normalizing codes from recipes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.participants import uic

PARENTS_DOB = uic.PRESETS["parents_dob"]


@given(st.text())
def test_normalize_is_idempotent(text):
    once = uic.normalize(text)
    assert uic.normalize(once) == once
    assert all(ch.isascii() and ch.isalnum() and not ch.islower() for ch in once)


def test_normalize_folds_accents_case_and_punctuation():
    assert uic.normalize(" ñá-Ü 01/02 ") == "NAU0102"
    assert uic.normalize("Øystein Æsa") == "OYSTEINAESA"


def test_default_recipe_builds_mother_father_order_and_date():
    answers = {
        "mother2": "María",
        "father2": "José",
        "birth_order": "2",
        "month": "3",
        "day": "15",
        "year4": "1980",
    }
    built = uic.build_code(PARENTS_DOB, answers)
    assert built.code == "MAJO0203151980"
    assert built.fallbacks == []


def test_unknown_parent_becomes_own_initials_and_unknown_digits_nine():
    answers = {
        "mother2_unknown": "on",
        "initials": "r.t.",
        "father2": "Jo",
        "birth_order": "",
        "month": "3",
        "day": "15",
        "year4": "1980",
    }
    built = uic.build_code(PARENTS_DOB, answers)
    assert built.code == "RTJO9903151980"
    assert built.fallbacks == ["mother2", "birth_order"]


def test_unknown_parent_without_initials_is_refused():
    with pytest.raises(uic.AnswerError) as error:
        uic.build_code(
            PARENTS_DOB,
            {
                "mother2": "",
                "father2": "Jo",
                "birth_order": "1",
                "month": "1",
                "day": "1",
                "year4": "1990",
            },
        )
    assert error.value.field == "initials"


@pytest.mark.parametrize(
    "field,value", [("month", "13"), ("day", "0"), ("year4", "12345"), ("birth_order", "x")]
)
def test_out_of_range_digits_are_refused(field, value):
    answers = {
        "mother2": "Ma",
        "father2": "Jo",
        "birth_order": "1",
        "month": "1",
        "day": "1",
        "year4": "1990",
    }
    answers[field] = value
    with pytest.raises(uic.AnswerError) as error:
        uic.build_code(PARENTS_DOB, answers)
    assert error.value.field == field


def test_partial_answers_build_the_prefix_only():
    built = uic.build_code(
        PARENTS_DOB, {"mother2": "Ma", "father2": "Jo", "month": "1"}, partial=True
    )
    assert built.code == "MAJO"
    assert not built.complete


def test_slk581_takes_letters_2_3_5_and_pads_short_names():
    recipe = uic.PRESETS["slk581"]
    built = uic.build_code(
        recipe,
        {
            "slk_family": "Smith",
            "slk_given": "Al",
            "day": "5",
            "month": "11",
            "year4": "1975",
            "slk_sex": "2",
        },
    )
    assert built.code == "MIH" + "L2" + "05111975" + "2"


def test_every_preset_builds_a_code_of_its_length():
    answers = {
        "mother2": "Ann",
        "mother1": "Ann",
        "father2": "Bob",
        "surname2": "Lee",
        "given2": "Kim",
        "birth_order": "1",
        "month": "2",
        "day": "3",
        "year4": "1999",
        "year2": "99",
        "gender": "X",
        "site": "N",
        "slk_family": "Garcia",
        "slk_given": "Luis",
        "slk_sex": "1",
    }
    for recipe in uic.PRESETS.values():
        assert len(uic.build_code(recipe, answers).code) == recipe.length


def test_custom_recipe_uses_chosen_parts_in_order():
    recipe = uic.custom_recipe(["year2", "surname2", "not-a-part"])
    assert [c.key for c in recipe.components] == ["year2", "surname2"]
    assert uic.build_code(recipe, {"year2": "7", "surname2": "Ng"}).code == "07NG"
