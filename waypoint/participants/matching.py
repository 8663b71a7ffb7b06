"""Duplicate candidates for a code, scored component by component.

Self-generated codes drift: a typo, two digits swapped, a parent's name the person
did not know last time (own initials then) or knows now. Staff see the records that
differ by one such slip, with what differed, and decide; nothing is merged for them.

Speed: the database narrows the program's participants to those sharing enough
blocking keys (``uic.blocks``: indexed 3-character chunks of the code); only those
few are compared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from . import uic
from .models import Participant, ParticipantStatus
from .queries import code_prefix_filter

TYPO = "typo"
TRANSPOSED = "transposed"
INITIALS = "initials"
UNKNOWN = "unknown"
SUFFIX = "suffix"

PENALTY = {TYPO: 15, TRANSPOSED: 10, INITIALS: 20, UNKNOWN: 20, SUFFIX: 10}
MAX_WILDCARDS = 2
MAX_ROWS = 300  # rows read per lookup, whatever the size of the program


@dataclass(frozen=True)
class Difference:
    component: str  # component key, or "suffix"
    kind: str  # typo | transposed | initials | unknown | suffix


@dataclass
class Match:
    score: int
    differences: list[Difference] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.differences


@dataclass
class Candidate:
    participant: Participant
    score: int
    differences: list[Difference]
    details: list[tuple[str, str]] = field(
        default_factory=list
    )  # (component label, kind), for display

    def describe(self, recipe: uic.Recipe) -> Candidate:
        names = {SUFFIX: _("suffix letter"), **{c.key: c.label for c in recipe.components}}
        self.details = [
            (str(names.get(d.component, d.component)), d.kind) for d in self.differences
        ]
        return self


def _component_at(recipe: uic.Recipe, position: int) -> str:
    start = 0
    for component in recipe.components:
        if position < start + component.length:
            return component.key
        start += component.length
    return SUFFIX


def compare(
    recipe: uic.Recipe,
    typed: str,
    stored: str,
    *,
    wildcards: frozenset[str] | set[str] = frozenset(),
    initials: str = "",
) -> Match | None:
    """How ``typed`` relates to ``stored``: a Match with a score, or None if unrelated.

    Related means equal except for, at most: one typo (one character substituted) or
    one pair of neighbouring characters swapped; components in ``wildcards`` (filled
    by a rule on either side: unknown parent → initials, unknown digits → 9); and a
    different collision suffix. With ``initials``, a parent component equal to the
    person's own initials on either side also counts as a wildcard.
    """
    typed, stored = uic.normalize(typed), uic.normalize(stored)
    base = recipe.length
    if len(typed) < base or len(stored) < base:
        if len(typed) != len(stored):
            return None
        base = len(typed)
    differences: list[Difference] = []
    if typed[base:] != stored[base:]:
        if not recipe.suffixes:
            return None
        differences.append(Difference(SUFFIX, SUFFIX))

    own = uic.letters_only(initials)
    mismatches: list[int] = []
    start = 0
    wild_used = 0
    for component in recipe.components:
        end = start + component.length
        a, b = typed[start:end], stored[start:end]
        if a != b:
            is_initials = (
                own and component.fallback == uic.INITIALS and own[: component.length] in (a, b)
            )
            if component.key in wildcards or is_initials:
                wild_used += 1
                kind = INITIALS if component.fallback == uic.INITIALS else UNKNOWN
                differences.append(Difference(component.key, kind))
            else:
                mismatches.extend(i for i in range(start, min(end, base)) if typed[i] != stored[i])
        start = end
    if wild_used > MAX_WILDCARDS:
        return None
    if len(mismatches) == 1:
        differences.append(Difference(_component_at(recipe, mismatches[0]), TYPO))
    elif len(mismatches) == 2:
        p, q = mismatches
        if q != p + 1 or typed[p] != stored[q] or typed[q] != stored[p]:
            return None
        for key in dict.fromkeys((_component_at(recipe, p), _component_at(recipe, q))):
            differences.append(Difference(key, TRANSPOSED))
    elif mismatches:
        return None
    penalty = sum(PENALTY[d.kind] for d in differences if d.kind != TRANSPOSED)
    if any(d.kind == TRANSPOSED for d in differences):
        penalty += PENALTY[TRANSPOSED]
    return Match(score=100 - penalty, differences=differences)


def candidate_rows(program, code: str):
    """Participants of ``program`` sharing enough blocking keys with ``code``.

    A single slip touches at most two 3-character chunks; requiring all but three
    chunks to match leaves room for a slip plus most wildcards, and keeps the rows read
    small for programs with thousands of participants.
    """
    keys = [key for key in uic.blocks(code)]
    present = [(i, key) for i, key in enumerate(keys, start=1) if key]
    if not present:
        return Participant.objects.none()
    need = max(1, len(present) - 3)
    any_key = Q()
    shared = []
    for i, key in present:
        any_key |= Q(**{f"block{i}": key})
        shared.append(When(**{f"block{i}": key}, then=Value(1)))
    rows = (
        Participant.objects.filter(program=program)
        .filter(any_key)
        .exclude(status=ParticipantStatus.MERGED)
    )
    if need > 1:
        score = sum(
            (Case(when, default=Value(0), output_field=IntegerField()) for when in shared), Value(0)
        )
        rows = rows.alias(shared_blocks=score).filter(shared_blocks__gte=need)
    return rows[:MAX_ROWS]


def find_candidates(
    program,
    recipe: uic.Recipe,
    code: str,
    *,
    fallbacks: list[str] | tuple[str, ...] = (),
    initials: str = "",
    complete: bool = True,
    limit: int = 5,
) -> list[Candidate]:
    """Existing participants who may be the person with ``code``, best first.

    With ``complete=False`` (a code still being typed) records whose code starts with
    what is there so far are listed, unscored beyond "so far equal".
    """
    code = uic.normalize(code)
    if not code:
        return []
    if not complete:
        rows = (
            Participant.objects.filter(program=program)
            .filter(code_prefix_filter(code))
            .exclude(status=ParticipantStatus.MERGED)
            .order_by("code")[:limit]
        )
        return [Candidate(row, 0, []) for row in rows]
    found = []
    for row in candidate_rows(program, code):
        wildcards = set(fallbacks) | set(row.fallback_parts or [])
        match = compare(recipe, code, row.code, wildcards=wildcards, initials=initials)
        if match is not None:
            found.append(Candidate(row, match.score, match.differences).describe(recipe))
    found.sort(key=lambda c: (-c.score, c.participant.code))
    return found[:limit]
