"""How names and numbers drift: nicknames, spellings by sound, the year one off, typos."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.participants import drift, nicknames, uic

MOTHER = uic.CATALOG["mother2"]
SURNAME = uic.CATALOG["surname2"]
SLK_GIVEN = uic.CATALOG["slk_given"]
YEAR4, YEAR2, DAY = uic.CATALOG["year4"], uic.CATALOG["year2"], uic.CATALOG["day"]


@pytest.mark.parametrize(
    "one,other",
    [
        ("Beth", "Elizabeth"),
        ("Beto", "Alberto"),
        ("Beto", "Roberto"),
        ("Chuy", "Jesús"),
        ("Lupe", "Guadalupe"),
        ("Pepe", "José"),
        ("Bill", "William"),
        ("Memo", "Guillermo"),
        ("Paco", "Francisco"),
        ("Lola", "Dolores"),
    ],
)
def test_nicknames_relate_by_the_letters_the_code_keeps(one, other):
    a, b = uic.project(MOTHER, one), uic.project(MOTHER, other)
    assert drift.relate_letters(MOTHER, a, b) == drift.NICKNAME
    assert drift.relate_letters(MOTHER, b, a) == drift.NICKNAME
    # With the answer at hand, its own nickname group gives the exact letters.
    assert drift.alternatives(MOTHER, one)[b] == drift.NICKNAME


def test_nicknames_follow_the_letter_positions_of_the_part():
    # SLK-581 takes letters 2 and 3 of the first name: Beth → ET, Elizabeth → LI.
    assert drift.relate_letters(SLK_GIVEN, "ET", "LI") == drift.NICKNAME


def test_every_nickname_group_member_is_found_from_every_other():
    for group in nicknames.GROUPS:
        letters = {uic.project(MOTHER, name) for name in group}
        for value in letters:
            assert letters - {value} <= drift.nickname_partners(MOTHER)[value]


@pytest.mark.parametrize(
    "answer,letters",
    [
        ("Valdez", "BA"),  # b/v
        ("Zamora", "SA"),  # s/z
        ("Cervantes", "SE"),  # c before e sounds s
        ("Catalina", "KA"),  # c/k
        ("Gerardo", "JE"),  # g before e sounds j
        ("Jiménez", "HI"),  # j said h
        ("Hernández", "ER"),  # a silent h
        ("Ernández", "HE"),
        ("Llamas", "YA"),  # ll/y
        ("Ybarra", "IB"),  # y/i
        ("McDonald", "MA"),  # Mc/Mac
        ("MacDonald", "MC"),
        ("De la Cruz", "CR"),  # without the particle
        ("García López", "LO"),  # the second surname alone
        ("Phillips", "FI"),
    ],
)
def test_other_spellings_of_an_answer_give_the_letters_to_accept(answer, letters):
    assert drift.alternatives(SURNAME, answer).get(letters) == drift.SPELLING


@pytest.mark.parametrize(
    "a,b",
    [("VA", "BA"), ("ZA", "SA"), ("CE", "SE"), ("CA", "KA"), ("GE", "JE"), ("JE", "HE")]
    + [("LL", "YA"), ("HE", "ER"), ("MC", "MA"), ("YB", "IB"), ("EV", "EB"), ("PH", "FI")],
)
def test_letters_that_sound_alike_are_a_spelling_slip(a, b):
    assert drift.relate_letters(SURNAME, a, b) == drift.SPELLING
    assert drift.relate_letters(SURNAME, b, a) == drift.SPELLING


@pytest.mark.parametrize("a,b", [("MA", "JO"), ("BE", "TA"), ("SM", "GA"), ("LI", "RO")])
def test_unrelated_names_are_unrelated(a, b):
    assert drift.relate_letters(SURNAME, a, b) is None


def test_a_name_answer_is_never_its_own_alternative():
    assert "EL" not in drift.alternatives(MOTHER, "Elena")
    assert drift.alternatives(MOTHER, "") == {}


@pytest.mark.parametrize(
    "component,a,b,kind",
    [
        (YEAR4, "1989", "1990", drift.YEAR),  # a decade crossing is one slip
        (YEAR4, "2000", "1999", drift.YEAR),
        (YEAR2, "99", "00", drift.YEAR),
        (YEAR4, "1985", "1958", drift.TRANSPOSED),
        (DAY, "15", "51", drift.TRANSPOSED),
        (DAY, "15", "16", drift.TYPO),
        (YEAR4, "1980", "1975", None),
        (DAY, "15", "27", None),
    ],
)
def test_numbers(component, a, b, kind):
    assert drift.relate_digits(component, a, b) == kind


LETTERS = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=4)


@given(LETTERS)
def test_sound_key_keeps_length_and_is_stable(letters):
    key = drift.sound_key(letters)
    assert len(key) == len(letters)
    assert drift.sound_key(key) == key


@given(LETTERS, LETTERS)
def test_sounding_alike_is_symmetric(a, b):
    assert drift.sounds_alike(SURNAME, a, b) == drift.sounds_alike(SURNAME, b, a)


@given(st.text(alphabet=string.ascii_letters + " -'áéíóúñ", max_size=20))
def test_answer_forms_are_letters_only_and_never_the_answer(answer):
    forms = drift.answer_forms(answer)
    assert uic.letters_only(answer) not in forms
    assert all(form.isalpha() and form.isupper() for form in forms)


def test_a_first_name_the_table_does_not_know_relates_by_its_letters():
    # "Nachito" is in no group, but its letters NA are Nacho's, and Nacho is Ignacio.
    assert drift.alternatives(MOTHER, "Nachito").get("IG") == drift.NICKNAME
    # A name the table knows keeps to its own group: Natividad is not Ignacio.
    assert "IG" not in drift.alternatives(MOTHER, "Natividad")
    # Surnames have no nicknames, known or not.
    assert "IG" not in drift.alternatives(SURNAME, "Nachito")
