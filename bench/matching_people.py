"""Made-up people for the duplicate-candidate benchmark, and the slips they make coming back.

A person has a mother, a father, a first name, a surname (Spanish speakers sometimes
two, some with a particle: "De la Cruz"), a birth date, a place among their mother's
children, a gender and a home site. Their answers to any recipe's questions come from
that; a return visit changes the answers the way memory and the keyboard do:

- ``typo``: one letter the code uses hit as its keyboard neighbour, one digit wrong, or
  two digits of a number swapped;
- ``nickname``: a familiar form of a name (Beth for Elizabeth, Chuy for Jesús), or
  another spelling (Baldez, Ernández, Katalina, Yamas, MacDonald, without "De la", one
  of two surnames);
- ``year``: the birth year one off (1989 for 1990: a decade crossing changes two digits);
- ``swap``: birth day and month swapped (only possible when the day is 12 or less);
- ``initials``: a parent's name not known this time, or known now (own initials instead);
- ``two``: two of typo, nickname, year and swap at once, in different answers.

Every slip must change the code (a typo in a letter the recipe does not use is no slip).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace

from . import matching_names as names

KINDS = ("identical", "typo", "nickname", "year", "swap", "initials", "two")
TWO_FROM = ("typo", "nickname", "year", "swap")
SITES = (("North", 50), ("Downtown", 30), ("Riverside", 20))

_QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEAR_DIGIT = {
    "0": "9", "1": "24", "2": "13", "3": "24", "4": "35", "5": "46",
    "6": "57", "7": "68", "8": "79", "9": "80",
}  # fmt: skip


def _neighbours(letter: str) -> str:
    for row_index, row in enumerate(_QWERTY):
        if letter in row:
            i = row.index(letter)
            near = row[max(0, i - 1) : i] + row[i + 1 : i + 2]
            for other in (row_index - 1, row_index + 1):
                if 0 <= other < len(_QWERTY):
                    near += _QWERTY[other][max(0, i - 1) : i + 1]
            return near
    return "e"


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def _weighted(table: dict[str, int]) -> tuple[list[str], list[int]]:
    return list(table), list(table.values())


@dataclass(frozen=True)
class Person:
    lang: str
    gender: str  # F, M, X
    given: str
    surname: str  # as the person says it (with or without particle / second surname)
    mother: str  # "" when not known
    father: str
    birth_order: int
    year: int
    month: int
    day: int
    site: str
    full_surname: str  # every form they might give comes from this
    second_surname: str = ""

    def answers(self) -> dict:
        """Answers to every question of every recipe (a form ignores the ones it lacks)."""
        sex = {"M": "1", "F": "2", "X": "3"}[self.gender]
        answers = {
            "mother2": self.mother,
            "mother1": self.mother,
            "father2": self.father,
            "surname2": self.surname,
            "given2": self.given,
            "slk_family": self.surname,
            "slk_given": self.given,
            "birth_order": str(self.birth_order),
            "month": str(self.month),
            "day": str(self.day),
            "year4": str(self.year),
            "year2": f"{self.year % 100:02d}",
            "gender": self.gender,
            "slk_sex": sex,
            "site": self.site,
            "initials": (self.given[:1] + self.surname[:1]).upper(),
        }
        for parent in ("mother", "father"):
            if not getattr(self, parent):
                for key in ("mother2", "mother1") if parent == "mother" else ("father2",):
                    answers[key] = ""
                    answers[f"{key}_unknown"] = "on"
        return answers


class People:
    """Draws people; seeded, so every run and every version sees the same population."""

    def __init__(self, seed: int, spanish_share: float = 0.35):
        self.rng = random.Random(seed)
        self.spanish_share = spanish_share
        self.tables = {
            ("en", "F"): _weighted(names.FEMALE_EN),
            ("es", "F"): _weighted(names.FEMALE_ES),
            ("en", "M"): _weighted(names.MALE_EN),
            ("es", "M"): _weighted(names.MALE_ES),
            ("en", "S"): _weighted(names.SURNAME_EN),
            ("es", "S"): _weighted(names.SURNAME_ES),
            ("en", "gF"): _weighted({**names.FEMALE_EN, **names.GIVEN_EXTRA_F}),
            ("en", "gM"): _weighted({**names.MALE_EN, **names.GIVEN_EXTRA_M}),
            ("es", "gF"): _weighted({**names.FEMALE_ES, **names.GIVEN_EXTRA_F}),
            ("es", "gM"): _weighted({**names.MALE_ES, **names.GIVEN_EXTRA_M}),
        }

    def _pick(self, lang: str, what: str) -> str:
        values, weights = self.tables[(lang, what)]
        return self.rng.choices(values, weights)[0]

    def person(self) -> Person:
        rng = self.rng
        lang = "es" if rng.random() < self.spanish_share else "en"
        gender = rng.choices("MFX", (62, 36, 2))[0]
        given = self._pick(lang, "gF" if gender == "F" else "gM")
        # Parents sometimes come from the other language (mixed families, anglicized names).
        parent_lang = lang if rng.random() < 0.85 else ("en" if lang == "es" else "es")
        surname = self._pick(lang, "S")
        second = self._pick("es", "S") if lang == "es" and rng.random() < 0.25 else ""
        said = surname
        if second and rng.random() < 0.5:
            said = f"{surname} {second}"
        if _particle(surname) and rng.random() < 0.4:
            said = _strip_particle(surname)
        year = 2026 - int(min(70, max(18, rng.triangular(18, 70, 38))))
        month = rng.randint(1, 12)
        day = rng.randint(1, (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1])
        return Person(
            lang=lang,
            gender=gender,
            given=given,
            surname=said,
            mother="" if rng.random() < 0.02 else self._pick(parent_lang, "F"),
            father="" if rng.random() < 0.08 else self._pick(parent_lang, "M"),
            birth_order=rng.choices(range(1, 8), (38, 30, 16, 8, 4, 2, 2))[0],
            year=year,
            month=month,
            day=day,
            site=rng.choices([s for s, _w in SITES], [w for _s, w in SITES])[0],
            full_surname=surname,
            second_surname=second,
        )

    # --- slips ---------------------------------------------------------------------

    def slip(self, person: Person, kind: str, fields: set[str]) -> Person | None:
        """The person's answers after one slip of ``kind`` among the recipe's ``fields``
        (mother, father, given, surname, birth_order, month, day, year); None if the
        slip cannot happen to them. The caller checks that the code changed."""
        rng = self.rng
        if kind == "identical":
            return person
        if kind == "typo":
            typeable = [f for f in sorted(fields) if getattr(person, f)]
            return self._typo(person, rng.choice(typeable)) if typeable else None
        if kind == "nickname":
            spoken = [f for f in ("mother", "father", "given", "surname") if f in fields]
            spoken = [f for f in spoken if getattr(person, f)]
            return self._nickname(person, rng.choice(spoken)) if spoken else None
        if kind == "year":
            if "year" not in fields:
                return None
            return replace(person, year=person.year + rng.choice((-1, 1)))
        if kind == "swap":
            if not {"month", "day"} <= fields or person.day > 12 or person.day == person.month:
                return None
            return replace(person, month=person.day, day=person.month)
        if kind == "initials":
            parents = [f for f in ("mother", "father") if f in fields]
            if not parents:
                return None
            parent = rng.choice(parents)
            if getattr(person, parent):
                return replace(person, **{parent: ""})
            table = "F" if parent == "mother" else "M"
            return replace(person, **{parent: self._pick(person.lang, table)})
        raise ValueError(kind)

    def _typo(self, person: Person, field: str) -> Person:
        rng = self.rng
        if field in ("mother", "father", "given", "surname"):
            text = _plain(getattr(person, field)).replace(" ", "")
            position = rng.randrange(min(len(text), 5))
            wrong = rng.choice(_neighbours(text[position]))
            return replace(person, **{field: text[:position] + wrong + text[position + 1 :]})
        value = str(getattr(person, field)).zfill(4 if field == "year" else 2)
        limits = {"birth_order": (1, 30), "month": (1, 12), "day": (1, 31), "year": (1900, 2100)}
        low, high = limits[field]
        for _attempt in range(20):
            if rng.random() < 0.25:
                i = rng.randrange(len(value) - 1)
                typed = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
            else:
                i = rng.randrange(len(value))
                typed = value[:i] + rng.choice(_NEAR_DIGIT[value[i]]) + value[i + 1 :]
            if typed != value and low <= int(typed) <= high:
                return replace(person, **{field: int(typed)})
        return person

    def _nickname(self, person: Person, field: str) -> Person:
        name = getattr(person, field)
        options = []
        if field != "surname":
            options += names.NICKNAMES.get(name, [])
            options += [formal for formal, short in names.NICKNAMES.items() if name in short]
        options += spellings(name, person) if field == "surname" else spellings(name)
        options = [o for o in dict.fromkeys(options) if _plain(o) != _plain(name)]
        if not options:
            return person
        return replace(person, **{field: self.rng.choice(options)})


def _particle(surname: str) -> str:
    low = _plain(surname)
    return next((p for p in names.PARTICLES if low.startswith(p) and " " in p), "")


def _strip_particle(surname: str) -> str:
    particle = _particle(surname)
    return surname[len(particle) :] if particle else surname


def spellings(name: str, person: Person | None = None) -> list[str]:
    """Other ways the same name gets written (the benchmark's own rules)."""
    low = _plain(name)
    out = []
    first, rest = low[:1], low[1:]
    vowels = "aeiou"
    swaps = {"v": "b", "b": "v", "z": "s", "k": "c"}
    if first in swaps:
        out.append(swaps[first] + rest)
    if first == "s" and rest[:1] in "ei":
        out.append("c" + rest)
    if first == "c":
        out.append(("s" if rest[:1] in "ei" else "k") + rest)
    if first == "g" and rest[:1] in "ei":
        out.append("j" + rest)
    if first == "j":
        out += ["g" + rest if rest[:1] in "ei" else "h" + rest, "x" + rest]
    if first == "h" and rest[:1] in vowels:
        out.append(rest)
    if first in vowels:
        out.append("h" + low)
    if low.startswith("ll"):
        out.append("y" + low[2:])
    if first == "y" and rest[:1] in vowels:
        out += ["ll" + rest, "i" + rest]
    if first == "i":
        out.append("y" + rest)
    if low.startswith("mc"):
        out.append("mac" + low[2:])
    if low.startswith("mac"):
        out.append("mc" + low[3:])
    if low.startswith(("th", "ph")):
        out.append(("t" if low[0] == "t" else "f") + low[2:])
    if person is not None:
        full = person.full_surname
        if _particle(full):
            out.append(_strip_particle(full) if _particle(name) else full)
        if person.second_surname:
            out += [person.second_surname, f"{full} {person.second_surname}", full]
    return [o.title() for o in out if o]
