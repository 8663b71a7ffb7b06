"""How often a recipe would give a new person a code someone already has.

Estimated from the recipe's own structure: each part of a code has an effective number
of values — 1 / Σ p² over the share p of people giving each value, so that common
answers ("MA" for a mother's name, "01" for birth order) count for what they are. A
code has about the product of its parts' numbers; with N people enrolled, a newcomer's
code is already taken with probability 1 − e^(−N / that product).

The numbers were measured on 200,000 people drawn from the name, date and birth-order
frequencies of the duplicate-candidate benchmark (``bench/matching_names.py``: US first
names of the parents' generation and Spanish names, 2010 census surnames, ages 18–70).
Parts taken from a site are counted for three sites.
"""

from __future__ import annotations

import math

from . import uic

SPREAD = {
    "mother2": 26.8, "mother1": 13.1, "father2": 28.8, "surname2": 48.9, "given2": 35.5,
    "birth_order": 3.7, "month": 12.0, "day": 30.8, "year4": 39.1, "year2": 39.1,
    "gender": 1.9, "site": 2.6, "slk_family": 67.9, "slk_given": 34.1, "slk_sex": 1.9,
}  # fmt: skip
# A recipe is flagged when more than this share of new people would find their code taken.
WARN_SHARE = 0.01


def distinct_codes(recipe: uic.Recipe) -> float:
    """About how many equally likely codes the recipe gives."""
    return math.prod(SPREAD.get(c.key, 10.0**c.length) for c in recipe.components)


def taken_share(recipe: uic.Recipe, people: int) -> float:
    """Share of new people whose code someone among ``people`` already has."""
    return 1 - math.exp(-max(people, 0) / distinct_codes(recipe))


def flagged(recipe: uic.Recipe, people: int) -> bool:
    return taken_share(recipe, people) > WARN_SHARE


def one_in(share: float) -> int:
    """ "1 in N" for a share, rounded to a number people read at a glance."""
    if share <= 0:
        return 0
    n = 1 / share
    step = 1 if n < 20 else 5 if n < 100 else 50 if n < 1000 else 500
    return max(1, int(round(n / step) * step))
