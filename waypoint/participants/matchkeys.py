"""Lookup keys: how the database finds the few records worth comparing, at any size.

A code is cut into units: its parts (a code of more than six parts in six groups of
neighbours; a code of one or two parts, character by character). Each record stores one
key per way of leaving out ``dropped(recipe)`` units — two for codes of five units or
more, else one: a hash of the units kept, name letters spelled by sound
(``drift.sound_key``), so "VA" and "BA" give the same key.

So a typed code that differs from a record in at most that many units shares a key
with it, and the more units two codes have in common the more keys they share: an
identical code shares them all, one unit apart shares fewer, two apart only one. The
lookup ranks records by keys shared, so a cut at ``matching.MAX_ROWS`` can only leave out
records further from the typed code than every record it keeps.

Drifts that change units without being a typo are looked up directly, so they use up
no left-out unit (``variants``): day and month swapped always; for codes of four units or
fewer, also the year one off and the other forms of the typed names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations

from . import drift, uic

MAX_UNITS = 6
MAX_VARIANTS = 96


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    parts: tuple[int, ...]  # indexes of the recipe's components; () for a character unit


def units(recipe: uic.Recipe) -> tuple[Unit, ...]:
    offsets, start = [], 0
    for component in recipe.components:
        offsets.append(start)
        start += component.length
    count = len(recipe.components)
    if count < 3:
        size = recipe.length
        cuts = [round(i * size / min(size, MAX_UNITS)) for i in range(min(size, MAX_UNITS) + 1)]
        return tuple(Unit(a, b, ()) for a, b in zip(cuts, cuts[1:], strict=False) if b > a)
    groups = min(count, MAX_UNITS)
    cuts = [round(i * count / groups) for i in range(groups + 1)]
    found = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        last = recipe.components[b - 1]
        found.append(Unit(offsets[a], offsets[b - 1] + last.length, tuple(range(a, b))))
    return tuple(found)


def dropped(recipe: uic.Recipe) -> int:
    """How many units a record may differ in and still share a key with the typed code."""
    return 2 if len(units(recipe)) >= 5 else 1


def _value(recipe: uic.Recipe, unit: Unit, code: str) -> str:
    if not unit.parts:
        return code[unit.start : unit.end]
    pieces, start = [], unit.start
    for index in unit.parts:
        component = recipe.components[index]
        piece = code[start : start + component.length]
        pieces.append(drift.sound_key(piece) if component.kind == uic.LETTERS else piece)
        start += component.length
    return ".".join(pieces)


def _signature(recipe: uic.Recipe, unit: Unit) -> str:
    if not unit.parts:
        return f"@{unit.start}"
    return "+".join(recipe.components[i].key for i in unit.parts)


def keys(recipe: uic.Recipe, code: str) -> list[int]:
    """The keys a record with ``code`` stores (none for a code shorter than the recipe's:
    such a code is only ever found by itself)."""
    code = uic.normalize(code)
    if len(code) < recipe.length:
        return []
    cut = units(recipe)
    values = [(_signature(recipe, u), _value(recipe, u, code)) for u in cut]
    found = []
    for kept in combinations(range(len(cut)), len(cut) - dropped(recipe)):
        text = "|".join(f"{values[i][0]}={values[i][1]}" for i in kept)
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        found.append(int.from_bytes(digest, "big", signed=True))
    return found


def variants(
    recipe: uic.Recipe,
    code: str,
    *,
    forms: dict[str, dict[str, str]] | None = None,
    fallbacks: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """``code`` and the codes its known drifts would have given, the typed code first.

    ``forms`` (component key → ``drift.alternatives``) are the typed names' other forms;
    without them a name's nickname partners stand in.
    """
    code = uic.normalize(code)
    if len(code) < recipe.length:
        return [code]
    parts, start = [], 0
    for component in recipe.components:
        parts.append(code[start : start + component.length])
        start += component.length
    suffix = code[start:]
    where = {c.key: i for i, c in enumerate(recipe.components)}
    choices: list[list[dict[int, str]]] = []
    if "month" in where and "day" in where:
        month, day = where["month"], where["day"]
        if parts[month] != parts[day] and parts[day].isdigit() and 1 <= int(parts[day]) <= 12:
            choices.append([{}, {month: parts[day], day: parts[month]}])
    if dropped(recipe) == 1:
        for i, component in enumerate(recipe.components):
            if component.key in fallbacks:
                continue
            if component.kind == uic.DIGITS:
                others = drift.year_neighbours(component, parts[i])
            elif component.kind == uic.LETTERS:
                if forms is not None and component.key in forms:
                    others = sorted(forms[component.key])
                else:
                    others = sorted(drift.nickname_partners(component).get(parts[i], ()))
            else:
                others = []
            if others:
                choices.append([{}] + [{i: other} for other in others])
    found: list[dict[int, str]] = [{}]
    for options in choices:
        grown = [{**done, **option} for done in found for option in options]
        found = grown[:MAX_VARIANTS]
    return [
        "".join(change.get(i, part) for i, part in enumerate(parts)) + suffix for change in found
    ]


def lookup_keys(recipe: uic.Recipe, codes: list[str]) -> list[int]:
    """Every key of every code in ``codes``, once each."""
    return list(dict.fromkeys(key for code in codes for key in keys(recipe, code)))
