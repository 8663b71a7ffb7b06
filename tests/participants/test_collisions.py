"""Collision estimates from a recipe's structure: short recipes are flagged, long ones not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from waypoint.participants import collisions, uic


def test_short_presets_are_flagged_at_five_thousand_people():
    flagged = {key for key, recipe in uic.PRESETS.items() if collisions.flagged(recipe, 5000)}
    assert flagged == {"gender_year_parents", "surname_gender_day_year", "surname_mother_day_site"}


def test_the_default_recipe_almost_never_repeats():
    assert collisions.taken_share(uic.PRESETS[uic.DEFAULT_RECIPE], 50_000) < 0.005


def test_a_custom_recipe_is_estimated_from_its_parts():
    short = uic.custom_recipe(["given2", "year2"])
    longer = uic.custom_recipe(["given2", "year2", "day", "month"])
    assert collisions.taken_share(short, 1000) > collisions.taken_share(longer, 1000)
    assert collisions.flagged(short, 1000) and not collisions.flagged(longer, 1000)


@given(st.sampled_from(list(uic.PRESETS.values())), st.integers(0, 10**6), st.integers(1, 10**6))
def test_more_people_never_make_collisions_rarer(recipe, people, more):
    assert (
        0
        <= collisions.taken_share(recipe, people)
        <= collisions.taken_share(recipe, people + more)
        <= 1
    )


def test_one_in_reads_at_a_glance():
    assert [collisions.one_in(s) for s in (0.5, 0.081, 0.0137, 0.0004, 0)] == [2, 12, 75, 2500, 0]
