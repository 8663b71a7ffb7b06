"""Unique identifier codes (UIC): recipes as data, building and normalizing codes.

A recipe is an ordered list of components. Each component turns one answer
("first two letters of your mother's first name") into a fixed number of
characters, with a rule for an answer the person does not know. Recipes are data,
so a program picks a preset (STANDARDS §2) or composes its own from the catalog.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LETTERS = "letters"
DIGITS = "digits"
CHOICE = "choice"

# Own-initials fallback: the person's first and last initials replace an unknown parent.
INITIALS = "initials"
FILLER = "filler"

_FOLD = str.maketrans(
    {"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "ß": "SS", "Ł": "L", "ł": "l", "Œ": "OE", "œ": "oe"}
)


def normalize(code: str) -> str:
    """Uppercase A–Z and 0–9 only: accents folded (Ñ→N, Á→A), spaces and punctuation gone.

    Idempotent: the result contains nothing the function would change again.
    """
    text = unicodedata.normalize("NFKD", (code or "").translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    return "".join(ch for ch in text if ("A" <= ch <= "Z") or ("0" <= ch <= "9"))


def letters_only(value: str) -> str:
    return "".join(ch for ch in normalize(value) if ch.isalpha())


@dataclass(frozen=True)
class Component:
    key: str
    label: Promise  # short name, for results ("mother's name")
    prompt: Promise  # guided question for the participant
    kind: str
    length: int
    positions: tuple[int, ...] = ()  # letters: 1-based letter positions taken from the answer
    fallback: str = FILLER  # what an unknown answer becomes
    filler: str = "9"  # pads a short name; fills an unknown answer
    minimum: int | None = None  # digits: smallest accepted value
    maximum: int | None = None
    choices: tuple[tuple[str, Promise], ...] = ()
    help: Promise | str = ""

    @property
    def unknown_value(self) -> str:
        return self.filler * self.length


@dataclass(frozen=True)
class Recipe:
    key: str
    label: Promise
    components: tuple[Component, ...]
    # Letters appended, in order, when staff confirm that a new person whose code is
    # already taken is someone else: every recipe has them, or that person could not
    # be enrolled at all.
    suffixes: str = "XYZW"

    @property
    def length(self) -> int:
        return sum(c.length for c in self.components)

    @property
    def needs_initials(self) -> bool:
        return any(c.fallback == INITIALS for c in self.components)

    def component(self, key: str) -> Component:
        return next(c for c in self.components if c.key == key)


class AnswerError(ValueError):
    """An answer cannot become part of a code; ``field`` names the component."""

    def __init__(self, field_key: str, message: str):
        super().__init__(message)
        self.field = field_key
        self.message = message


GENDER_CHOICES = (
    ("F", _("Woman")),
    ("M", _("Man")),
    ("X", _("Another gender")),
    ("U", _("Prefer not to say")),
)
SLK_SEX_CHOICES = (
    ("1", _("Male")),
    ("2", _("Female")),
    ("3", _("Another")),
    ("9", _("Not stated")),
)


def _name(key, label, prompt, length, positions, **kw) -> Component:
    return Component(key, label, prompt, LETTERS, length, positions=positions, **kw)


CATALOG: dict[str, Component] = {
    c.key: c
    for c in (
        _name(
            "mother2",
            _("mother's name"),
            _("First two letters of your mother's first name"),
            2,
            (1, 2),
            fallback=INITIALS,
        ),
        _name(
            "mother1",
            _("mother's name"),
            _("First letter of your mother's first name"),
            1,
            (1,),
            fallback=INITIALS,
        ),
        _name(
            "father2",
            _("father's name"),
            _("First two letters of your father's first name"),
            2,
            (1, 2),
            fallback=INITIALS,
        ),
        _name("surname2", _("last name"), _("First two letters of your last name"), 2, (1, 2)),
        _name("given2", _("first name"), _("First two letters of your first name"), 2, (1, 2)),
        Component(
            "birth_order",
            _("birth order"),
            _("Your place among your mother's children (1 for the first)"),
            DIGITS,
            2,
            minimum=1,
            maximum=30,
        ),
        Component(
            "month",
            _("birth month"),
            _("Month you were born (1–12)"),
            DIGITS,
            2,
            minimum=1,
            maximum=12,
        ),
        Component(
            "day",
            _("birth day"),
            _("Day of the month you were born (1–31)"),
            DIGITS,
            2,
            minimum=1,
            maximum=31,
        ),
        Component(
            "year4",
            _("birth year"),
            _("Year you were born (four digits)"),
            DIGITS,
            4,
            minimum=1900,
            maximum=2100,
        ),
        Component(
            "year2",
            _("birth year"),
            _("Last two digits of the year you were born"),
            DIGITS,
            2,
            minimum=0,
            maximum=99,
        ),
        Component(
            "gender", _("gender"), _("Gender"), CHOICE, 1, choices=GENDER_CHOICES, filler="U"
        ),
        _name("site", _("site letter"), _("Site letter (staff will tell you)"), 1, (1,)),
        _name(
            "slk_family",
            _("last name"),
            _("Your last name"),
            3,
            (2, 3, 5),
            filler="2",
            help=_("Letters 2, 3 and 5 are used."),
        ),
        _name(
            "slk_given",
            _("first name"),
            _("Your first name"),
            2,
            (2, 3),
            filler="2",
            help=_("Letters 2 and 3 are used."),
        ),
        Component("slk_sex", _("sex"), _("Sex"), CHOICE, 1, choices=SLK_SEX_CHOICES),
    )
}

# SLK-581 writes 999 (family) or 99 (given) for a missing name, 2 for a missing letter.
_SLK_MISSING = {"slk_family": "9", "slk_given": "9"}


def _parts(*keys: str) -> tuple[Component, ...]:
    return tuple(CATALOG[k] for k in keys)


PRESETS: dict[str, Recipe] = {
    r.key: r
    for r in (
        Recipe(
            "parents_dob",
            _("Mother 2 + father 2 + birth order + date of birth (MMDDYYYY)"),
            _parts("mother2", "father2", "birth_order", "month", "day", "year4"),
        ),
        Recipe(
            "gender_year_parents",
            _("Gender + birth year + 2 letters of each parent's first name"),
            _parts("gender", "year4", "mother2", "father2"),
        ),
        Recipe(
            "surname_gender_day_year",
            _("Last name 2 + gender + day of birth + year of birth (2 digits)"),
            _parts("surname2", "gender", "day", "year2"),
        ),
        Recipe(
            "surname_mother_day_site",
            _("Last name 2 + mother 1 + day of birth + site letter"),
            _parts("surname2", "mother1", "day", "site"),
        ),
        Recipe(
            "slk581",
            _("SLK-581 (last name 2,3,5 + first name 2,3 + DDMMYYYY + sex)"),
            _parts("slk_family", "slk_given", "day", "month", "year4", "slk_sex"),
        ),
    )
}
DEFAULT_RECIPE = "parents_dob"
CUSTOM = "custom"
RECIPE_CHOICES = [(r.key, r.label) for r in PRESETS.values()] + [
    (CUSTOM, _("Custom: choose the parts"))
]


def custom_recipe(keys: list[str]) -> Recipe:
    components = tuple(CATALOG[k] for k in keys if k in CATALOG)
    if not components:
        return PRESETS[DEFAULT_RECIPE]
    return Recipe(CUSTOM, _("Custom"), components)


@dataclass
class Built:
    """A code built from answers, and which components fell back to a rule."""

    code: str
    fallbacks: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def project(component: Component, name: str) -> str:
    """The characters a letters ``component`` takes from ``name``; "" when it has no letters."""
    letters = letters_only(name)
    if not letters:
        return ""
    return "".join(
        letters[p - 1] if p <= len(letters) else component.filler for p in component.positions
    )


def _build_letters(component: Component, answer: str, initials: str) -> tuple[str, bool]:
    picked = project(component, answer)
    if not picked:
        if component.fallback == INITIALS and initials:
            own = (letters_only(initials) + component.filler * component.length)[: component.length]
            return own, True
        return _SLK_MISSING.get(component.key, component.filler) * component.length, True
    return picked, False


def _build_digits(component: Component, answer: str) -> tuple[str, bool]:
    raw = normalize(answer)
    if not raw:
        return component.unknown_value, True
    if not raw.isdigit():
        raise AnswerError(
            component.key, _("Use digits only for %(part)s.") % {"part": component.label}
        )
    if set(raw) == {"9"} and len(raw) == component.length:
        return raw, True
    value = int(raw)
    low, high = component.minimum, component.maximum
    if (
        (low is not None and value < low)
        or (high is not None and value > high)
        or len(raw) > component.length
    ):
        raise AnswerError(
            component.key,
            _("%(part)s must be between %(low)s and %(high)s; leave it empty if you don't know.")
            % {"part": component.label, "low": low, "high": high},
        )
    return str(value).zfill(component.length), False


def build_code(recipe: Recipe, answers: dict, *, partial: bool = False) -> Built:
    """Build the normalized code from ``answers`` (component key → text).

    An answer given as the string ``"?"`` or marked unknown (``"<key>_unknown"``)
    uses the component's rule: own initials (from ``answers["initials"]``) for a
    parent, otherwise the filler (``9``). With ``partial``, components with no
    answer at all are left out (for live candidates) instead of raising.
    Raises ``AnswerError`` for an answer that cannot be used.
    """
    initials = str(answers.get("initials") or "")
    built = Built(code="")
    pieces = []
    for component in recipe.components:
        answer = answers.get(component.key)
        unknown = bool(answers.get(f"{component.key}_unknown")) or str(answer or "").strip() == "?"
        if unknown:
            answer = ""
        elif answer is None or str(answer).strip() == "":
            if partial:
                built.missing.append(component.key)
                pieces.append(None)
                continue
            unknown = True
            answer = ""
        answer = str(answer)
        if component.kind == LETTERS:
            if unknown and component.fallback == INITIALS and not letters_only(initials):
                if partial:
                    built.missing.append(component.key)
                    pieces.append(None)
                    continue
                raise AnswerError(
                    "initials",
                    _("Enter your own initials when you don't know %(part)s.")
                    % {"part": component.label},
                )
            value, fell_back = _build_letters(component, answer, initials)
        elif component.kind == DIGITS:
            value, fell_back = _build_digits(component, answer)
        else:
            allowed = {code for code, _label in component.choices}
            value = normalize(answer)[:1] if answer else component.filler
            if value not in allowed:
                raise AnswerError(
                    component.key,
                    _("Choose one of the options for %(part)s.") % {"part": component.label},
                )
            fell_back = unknown
        if fell_back:
            built.fallbacks.append(component.key)
        pieces.append(value)
    # A partial code is the answered prefix only: matching needs positions to line up.
    prefix = []
    for piece in pieces:
        if piece is None:
            break
        prefix.append(piece)
    built.code = "".join(prefix)
    return built


def split_code(recipe: Recipe, code: str) -> list[tuple[str, str]]:
    """(component key, characters) for each component; extra characters are ``suffix``."""
    parts, start = [], 0
    for component in recipe.components:
        parts.append((component.key, code[start : start + component.length]))
        start += component.length
    if start < len(code):
        parts.append(("suffix", code[start:]))
    return parts
