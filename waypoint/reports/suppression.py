"""Small-cell suppression for published aggregates (STANDARDS §3, docs/privacy.md).

A suppressed audience (viewers, network analysts, the public) may combine every figure
it can obtain, so each decision here is made to hold across all of them, not within one
table. Three rules, each simple enough to check by hand:

1. **Small counts are hidden.** A count from 1 to the threshold is never shown, nor is a
   percentage, ratio or rate worked out from one.
2. **A breakdown with a small part is hidden whole.** When a breakdown (visits by site,
   answers to a question) has a small part and its total is shown, every part is hidden
   — zeros too — and only the total stays. Hiding only the small part would let anyone
   subtract the others from the total; hiding it with a chosen "complement" would still
   let someone who knows the rule narrow it down (the complement is known to be over the
   threshold). With every part hidden, a hidden count could be anything from 1 to the
   threshold as far as anyone can tell. When the total itself is hidden there is nothing
   to subtract from, and only the small parts are hidden.
3. **A sum is shown only when every part of it is shown** (``forced`` below): a year only
   when each of its quarters is, a network only when each of its programs is. A shown
   sum of shown parts tells nothing new; a hidden one tells nothing at all. The pages
   apply this rule (``publish.py``); this module decides one breakdown.

Together with the fixed publication periods (``grid.py``: whole past quarters and
calendar years, no chosen dates, no single-site reports), this leaves every hidden count
with the whole range from 1 to the threshold: ``tests/reports/test_attack.py`` checks it
by solving everything a viewer and an analyst can obtain as a linear program.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

# How the parts of a breakdown relate to its total: parts that add up to it; parts that
# may overlap (one person at two sites), so the total is at most their sum; parts that
# are each a share of the total (answers where several could be chosen).
ADDITIVE, DISTINCT, SHARES = "additive", "distinct", "shares"


def is_small(value, threshold: int) -> bool:
    """A count from 1 to the threshold (0 may be shown)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= threshold


@dataclass(frozen=True)
class Decision:
    """Which parts (by index) and whether the total are hidden."""

    parts: frozenset[int]
    total: bool

    def hides_any(self) -> bool:
        return bool(self.parts) or self.total


def decide(
    parts: Sequence[int],
    total: int | None,
    threshold: int,
    *,
    kind: str = ADDITIVE,
    forced: Collection[int] = (),
    total_forced: bool = False,
    whole: bool = False,
) -> Decision:
    """Hide what must be hidden in one breakdown: ``parts`` with their ``total`` (None:
    no total is shown). ``forced`` parts and ``total_forced`` are hidden whatever their
    value (a sum with a hidden part); ``whole`` hides every part (a year whose quarter
    hid this breakdown). Zero parts are shown unless the whole breakdown is hidden."""
    if threshold < 0:
        raise ValueError("threshold must be zero or more")
    everything = frozenset(range(len(parts)))
    if whole:
        return Decision(everything, total_forced or is_small(total, threshold))
    small = {i for i, value in enumerate(parts) if is_small(value, threshold)} | set(forced)
    if total_forced:
        # A sum hidden because a part is: hidden the same way whether or not it is small
        # itself, so that hiding it tells nothing about its size.
        return Decision(frozenset(small), True)
    if is_small(total, threshold):
        return Decision(everything, True)
    if total is None:
        return Decision(frozenset(small), False)
    if kind == SHARES:
        # A share also gives away the rest of the total: those who did not choose it.
        small |= {i for i, value in enumerate(parts) if is_small(total - value, threshold)}
    return Decision(everything if small else frozenset(), False)
