"""Duplicate candidates for a code, compared part by part the way memory drifts.

A returning person rebuilds their code from memory: a name comes back as a nickname or
spelled another way, the year is one off, day and month trade places, a key is missed
(``drift.py``). Staff see the records that differ by one or two such slips, best first,
with what differs in words, and decide; nothing is merged for them.

Speed: the database narrows the program's participants to those sharing lookup keys with
the typed code (``matchkeys.py``), ranked by keys shared; those and any record with the
identical code are then read together. Two queries whatever the program's size; at most
``MAX_ROWS`` + a few records compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import drift, matchkeys, uic
from .models import MatchKey, Participant, ParticipantStatus
from .queries import code_prefix_filter

TYPO = drift.TYPO
TRANSPOSED = drift.TRANSPOSED
NICKNAME = drift.NICKNAME
SPELLING = drift.SPELLING
YEAR = drift.YEAR
SWAPPED = "swapped"
CHANGED = "changed"
INITIALS = "initials"
UNKNOWN = "unknown"
SUFFIX = "suffix"
WHOLE_CODE = "code"  # a code not shaped like the recipe is compared as a whole

PENALTY = {
    TYPO: 15, TRANSPOSED: 10, NICKNAME: 8, SPELLING: 8, YEAR: 10, SWAPPED: 10, CHANGED: 20,
    INITIALS: 20, UNKNOWN: 20, SUFFIX: 10,
}  # fmt: skip
PLAIN_TYPOS = {TYPO, TRANSPOSED}
MAX_SLIPS = 2  # slips of memory or keyboard: more, and it is someone else
MAX_WILDCARDS = 2  # parts filled by a rule (unknown parent → own initials, unknown → 9)
MAX_ROWS = 100  # records compared per lookup, whatever the size of the program

_WORDS = {
    TYPO: _("%(part)s: one character differs"),
    TRANSPOSED: _("%(part)s: two characters swapped"),
    NICKNAME: _("%(part)s: another form of the same name"),
    SPELLING: _("%(part)s: sounds the same, spelled differently"),
    YEAR: _("%(part)s: one year apart"),
    CHANGED: _("%(part)s: a different answer"),
    INITIALS: _("%(part)s: initials instead of a name"),
    UNKNOWN: _("%(part)s: not known"),
}


@dataclass(frozen=True)
class Difference:
    component: str  # component key, or "suffix"
    kind: str
    other: str = ""  # the second component of a slip that spans two (swapped, transposed)

    def describe(self, recipe: uic.Recipe) -> str:
        names = {WHOLE_CODE: _("participant code"), **{c.key: c.label for c in recipe.components}}
        if self.kind == SUFFIX:
            return str(_("suffix letter"))
        if self.kind == SWAPPED:
            return str(_("birth day and month swapped"))
        part = names.get(self.component, self.component)
        if self.other:
            part = _("%(first)s and %(second)s") % {
                "first": part,
                "second": names.get(self.other, self.other),
            }
        return str(_WORDS[self.kind] % {"part": part})


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
    details: list[str] = field(default_factory=list)  # what differs, in words

    def describe(self, recipe: uic.Recipe) -> Candidate:
        self.details = [d.describe(recipe) for d in self.differences]
        return self

    @property
    def exact(self) -> bool:
        return not self.differences


def _char_level(typed: str, stored: str) -> list[Difference] | None:
    """Codes not shaped like the recipe (typed by hand): one typo or one swap, no more."""
    kind = drift.keyboard_slip(typed, stored)
    return None if kind is None else [Difference(WHOLE_CODE, kind)]


def _boundary_swap(a: list[str], b: list[str], i: int) -> bool:
    """Whether parts i and i+1 differ only by their touching characters swapped."""
    if not (a[i] and a[i + 1]) or a[i][:-1] != b[i][:-1] or a[i + 1][1:] != b[i + 1][1:]:
        return False
    return (a[i][-1], a[i + 1][0]) == (b[i + 1][0], b[i][-1])


def compare(
    recipe: uic.Recipe,
    typed: str,
    stored: str,
    *,
    wildcards: frozenset[str] | set[str] = frozenset(),
    initials: str = "",
    forms: dict[str, dict[str, str]] | None = None,
) -> Match | None:
    """How ``typed`` relates to ``stored``: a Match with a score, or None if unrelated.

    Related means equal part by part except for at most ``MAX_SLIPS`` slips — a name's
    other form or spelling, the year one off, day and month swapped, a typo, two
    neighbours swapped, a different choice (never two plain typos), a part filled by a
    rule on either side (``wildcards``; with ``initials``, a parent part equal to the
    person's own initials) — and a different collision suffix. ``forms`` are the typed
    names' other forms (``drift.alternatives``) when the answers are at hand.
    """
    typed, stored = uic.normalize(typed), uic.normalize(stored)
    base = recipe.length
    if len(typed) < base or len(stored) < base:
        if len(typed) != len(stored):
            return None
        differences = [] if typed == stored else _char_level(typed, stored)
        return None if differences is None else _scored(differences)
    differences: list[Difference] = []
    if typed[base:] != stored[base:]:
        if not recipe.suffixes:
            return None
        differences.append(Difference(SUFFIX, SUFFIX))
    a = [part for _key, part in uic.split_code(recipe, typed[:base])]
    b = [part for _key, part in uic.split_code(recipe, stored[:base])]
    components = recipe.components
    settled: set[int] = {i for i in range(len(a)) if a[i] == b[i]}
    where = {c.key: i for i, c in enumerate(components)}
    if "month" in where and "day" in where:
        m, d = where["month"], where["day"]
        if m not in settled and a[m] == b[d] and a[d] == b[m]:
            differences.append(Difference("day", SWAPPED, "month"))
            settled |= {m, d}
    own = uic.letters_only(initials)
    wild = 0
    for i, component in enumerate(components):
        if i in settled:
            continue
        is_initials = (
            own and component.fallback == uic.INITIALS and own[: component.length] in (a[i], b[i])
        )
        if component.key in wildcards or is_initials:
            wild += 1
            kind = INITIALS if component.fallback == uic.INITIALS else UNKNOWN
            differences.append(Difference(component.key, kind))
            continue
        if i + 1 < len(a) and i + 1 not in settled and _boundary_swap(a, b, i):
            differences.append(Difference(component.key, TRANSPOSED, components[i + 1].key))
            settled.add(i + 1)
            continue
        if component.kind == uic.LETTERS:
            part_forms = None if forms is None else forms.get(component.key, {})
            kind = drift.relate_letters(component, a[i], b[i], part_forms)
        elif component.kind == uic.DIGITS:
            kind = drift.relate_digits(component, a[i], b[i])
        else:
            kind = CHANGED
        if kind is None:
            return None
        differences.append(Difference(component.key, kind))
    slips = [d.kind for d in differences if d.kind not in (INITIALS, UNKNOWN, SUFFIX)]
    # A part filled by a rule could be anything: it counts as a slip, so a code with an
    # unknown parent may differ in one more part only.
    if wild > MAX_WILDCARDS or len(slips) + wild > MAX_SLIPS:
        return None
    if len(slips) == MAX_SLIPS and all(kind in PLAIN_TYPOS for kind in slips):
        return None
    return _scored(differences)


def _scored(differences: list[Difference]) -> Match:
    return Match(score=100 - sum(PENALTY[d.kind] for d in differences), differences=differences)


def typed_forms(recipe: uic.Recipe, answers: dict | None, fallbacks=()) -> dict | None:
    """The other forms of each typed name (component key → letters → kind), or None when
    only the code is known."""
    if not answers:
        return None
    return {
        c.key: drift.alternatives(c, str(answers.get(c.key) or ""))
        for c in recipe.components
        if c.kind == uic.LETTERS and c.key not in fallbacks
    }


def candidate_ids(program, recipe: uic.Recipe, codes: list[str]) -> dict[int, int]:
    """Participant id → lookup keys shared with any of ``codes``, for the at most
    ``MAX_ROWS`` participants of ``program`` sharing the most; one query.

    It reads the keys table alone (its ``(program, value)`` index), so the database
    cannot start from the program's participants whatever its statistics say.
    """
    values = matchkeys.lookup_keys(recipe, codes)
    if not values:
        return {}
    rows = (
        MatchKey.objects.filter(program=program, value__in=values)
        .values_list("participant_id")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "participant_id")[:MAX_ROWS]
    )
    return dict(rows)


def store_keys(participant: Participant, recipe: uic.Recipe) -> None:
    """Write the lookup keys of a newly enrolled participant's code."""
    MatchKey.objects.bulk_create(
        MatchKey(program_id=participant.program_id, participant=participant, value=value)
        for value in matchkeys.keys(recipe, participant.code)
    )


def find_candidates(
    program,
    recipe: uic.Recipe,
    code: str,
    *,
    fallbacks: list[str] | tuple[str, ...] = (),
    initials: str = "",
    complete: bool = True,
    limit: int = 5,
    answers: dict | None = None,
) -> list[Candidate]:
    """Existing participants who may be the person with ``code``, best first.

    A record with exactly this code (or it with a suffix letter) is always among them,
    first. ``answers`` (the form's, when at hand) let names be compared by their other
    forms. With ``complete=False`` (a code still being typed) records whose code starts
    with what is there so far are listed, unscored beyond "so far equal". Two queries.
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
    forms = typed_forms(recipe, answers, fallbacks)
    codes = matchkeys.variants(recipe, code, forms=forms, fallbacks=set(fallbacks))
    same = [code] + [code + letter for letter in recipe.suffixes if len(code) >= recipe.length]
    shared = candidate_ids(program, recipe, codes)
    # Two branches of one statement, each served by its own unique index (the primary
    # key; program and code) whatever the table's statistics.
    live = Participant.objects.filter(program=program).exclude(status=ParticipantStatus.MERGED)
    branches = (
        live.filter(pk__in=list(shared))
        .order_by()
        .union(live.filter(code__in=same).order_by(), all=True)
    )
    found = []
    for row in {row.pk: row for row in branches}.values():
        wildcards = set(fallbacks) | set(row.fallback_parts or [])
        match = compare(recipe, code, row.code, wildcards=wildcards, initials=initials, forms=forms)
        if match is not None:
            found.append(Candidate(row, match.score, match.differences).describe(recipe))
    found.sort(key=lambda c: (-c.score, c.participant.code))
    return found[:limit]
