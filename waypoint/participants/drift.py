"""How a returning person's answers drift, one part of the code at a time.

People rebuild their code from memory, and memory changes it in a few known ways
(STANDARDS §2: after a year only 50–75 % of codes come back the same):

- a name given another way: a nickname or the same name in the other language
  (``nicknames.GROUPS``: Beth for Elizabeth, Chuy for Jesús, Guillermo for William), or
  another spelling of the same sounds — b/v, s/z/c, c/k/q, g/j/h, ll/y/i, a silent h,
  Mc/Mac, ph/f, th/t, a surname without its particle ("De la Cruz" → Cruz), one of two
  surnames;
- the birth year one off (1989 for 1990: one slip, though two digits change);
- a typo: one character wrong, or two neighbours swapped.

Day and month swapped span two parts; ``matching.compare`` finds those.

No name is ever stored. Relations hold between the letters a code took from a name:
when the answer itself is at hand (the enrol form, before it is thrown away) its other
forms give the exact letters to accept (``answer_forms``); for a code alone, every name
of a nickname group is projected onto the part's letter positions (``nickname_partners``)
and letters are compared by sound (``sounds_alike``).
"""

from __future__ import annotations

from collections import defaultdict

from . import nicknames, uic

NICKNAME = "nickname"
SPELLING = "spelling"
TYPO = "typo"
TRANSPOSED = "transposed"
YEAR = "year"

YEAR_PARTS = ("year4", "year2")
# Parts taken from first names: only those have nicknames (surnames have spellings).
FIRST_NAME_PARTS = frozenset({"mother2", "mother1", "father2", "given2", "slk_given"})
# Words before a surname that people sometimes leave out ("de la Cruz", "Van Buren").
PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "DA", "DAS", "DO", "DOS", "DI", "DU", "VAN", "VON", "DER", "DEN", "ST", "SAN", "SANTA", "Y"})  # fmt: skip

_PARTNERS: dict[tuple, dict[str, frozenset[str]]] = {}
_GROUPS_OF: dict[str, tuple[int, ...]] = {}


def _groups_of(name: str) -> tuple[int, ...]:
    if not _GROUPS_OF:
        index: dict[str, list[int]] = defaultdict(list)
        for number, group in enumerate(nicknames.GROUPS):
            for member in group:
                index[uic.letters_only(member)].append(number)
        _GROUPS_OF.update({key: tuple(value) for key, value in index.items()})
    return _GROUPS_OF.get(name, ())


def nickname_partners(component: uic.Component) -> dict[str, frozenset[str]]:
    """Letters → the letters other names of the same nickname group give this component
    (none for a part taken from a surname)."""
    if component.key not in FIRST_NAME_PARTS:
        return {}
    key = (component.positions, component.filler)
    table = _PARTNERS.get(key)
    if table is None:
        pairs: dict[str, set[str]] = defaultdict(set)
        for group in nicknames.GROUPS:
            letters = {uic.project(component, name) for name in group} - {""}
            for value in letters:
                pairs[value] |= letters - {value}
        table = _PARTNERS[key] = {value: frozenset(other) for value, other in pairs.items()}
    return table


def sound_key(letters: str) -> str:
    """One spelling per sound, letter by letter: b/v → B, s/z and c before e/i/y → S,
    c/k/q → K, g before e/i/y → J, y → I. Same length as ``letters``; idempotent."""
    out = []
    for i, ch in enumerate(letters):
        after = letters[i + 1 : i + 2]
        if ch == "V":
            ch = "B"
        elif ch == "Z":
            ch = "S"
        elif ch == "Q":
            ch = "K"
        elif ch == "C":
            ch = "S" if after in ("E", "I", "Y") else "K"
        elif ch == "G" and after in ("E", "I", "Y"):
            ch = "J"
        elif ch == "Y":
            ch = "I"
        out.append(ch)
    return "".join(out)


# How the start of a name may sound: (written, sounds) — a silent h, Mc as Mac, ll as y.
_STARTS = (
    ("MC", "MAK"), ("MAC", "MAK"), ("H", ""), ("H", "J"), ("X", "J"), ("LL", "I"),
    ("PH", "F"), ("TH", "T"), ("QU", "K"), ("GU", "W"),
)  # fmt: skip


def _sounds(letters: str) -> set[str]:
    found = {sound_key(letters)}
    for written, sounds in _STARTS:
        if letters.startswith(written):
            found.add(sounds + sound_key(letters[len(written) :]))
    return found


def _from_start(component: uic.Component) -> bool:
    return component.positions == tuple(range(1, len(component.positions) + 1))


def sounds_alike(component: uic.Component, a: str, b: str) -> bool:
    """Whether two different sets of letters of a name part may be one name said alike.

    Letters taken from the start of a name may sound alike with different lengths ("LL"
    and "YA", "HE" and "ER", "MC" and "MA"): one sound sequence must then begin the other.
    """
    if not (a.isalpha() and b.isalpha()):
        return False
    if sound_key(a) == sound_key(b):
        return True
    if not _from_start(component):
        return False
    return any(
        x and y and (x.startswith(y) or y.startswith(x)) for x in _sounds(a) for y in _sounds(b)
    )


# Other ways to write the start of a name (written → written), for answers at hand.
_RESPELL = (
    ("V", "B"), ("B", "V"), ("Z", "S"), ("S", "Z"), ("CE", "SE"), ("CI", "SI"), ("SE", "CE"),
    ("SI", "CI"), ("C", "K"), ("K", "C"), ("QU", "K"), ("GE", "JE"), ("GI", "JI"),
    ("JE", "GE"), ("JI", "GI"), ("J", "H"), ("H", "J"), ("J", "X"), ("X", "J"), ("LL", "Y"),
    ("Y", "LL"), ("Y", "I"), ("I", "Y"), ("MC", "MAC"), ("MAC", "MC"), ("PH", "F"),
    ("F", "PH"), ("TH", "T"), ("T", "TH"),
)  # fmt: skip
_SAME_SOUND = {"V": "B", "B": "V", "Z": "S", "S": "Z", "K": "C", "C": "K", "Y": "I", "I": "Y"}
_VOWELS = "AEIOU"


def _respellings(name: str) -> set[str]:
    found = {to + name[len(written) :] for written, to in _RESPELL if name.startswith(written)}
    if name[:1] == "H" and name[1:2] and name[1:2] in _VOWELS:
        found.add(name[1:])  # a silent h left out
    if name and name[0] in _VOWELS:
        found.add("H" + name)
    for i in range(1, min(3, len(name))):
        if name[i] in _SAME_SOUND:
            found.add(name[:i] + _SAME_SOUND[name[i]] + name[i + 1 :])
    return found - {""}


def answer_forms(answer: str, *, first_name: bool = True) -> dict[str, str]:
    """Other forms of the name ``answer``, each with its kind (nickname or spelling):
    its nickname group's names (for a first name), respellings, and for a name of
    several words the name without its particles and each word alone. Letters only,
    never ``answer`` itself."""
    words = [uic.letters_only(w) for w in answer.replace("-", " ").split()]
    words = [w for w in words if w]
    whole = "".join(words)
    forms: dict[str, str] = {}
    if not whole:
        return forms
    for word in dict.fromkeys([whole, *words]) if first_name else ():
        for number in _groups_of(word):
            for name in nicknames.GROUPS[number]:
                forms.setdefault(uic.letters_only(name), NICKNAME)
    if len(words) > 1:
        rest = list(words)
        while len(rest) > 1 and rest[0] in PARTICLES:
            rest.pop(0)
        forms.setdefault("".join(rest), SPELLING)
        for word in words:
            if word not in PARTICLES:
                forms.setdefault(word, SPELLING)
    for name in [whole, *forms]:
        for respelled in _respellings(name):
            forms.setdefault(respelled, SPELLING)
    forms.pop(whole, None)
    return forms


def _known_name(answer: str) -> bool:
    words = [uic.letters_only(w) for w in answer.replace("-", " ").split()]
    return any(_groups_of(word) for word in [uic.letters_only(answer), *words] if word)


def alternatives(component: uic.Component, answer: str) -> dict[str, str]:
    """Letters this part would take from another form of ``answer`` → kind of slip.

    A first name the nickname table does not know (Teddy, Nachito) may still be a
    familiar form of one it does: its letters then relate as a code's letters do.
    """
    own = uic.project(component, answer)
    found: dict[str, str] = {}
    first_name = component.key in FIRST_NAME_PARTS
    for form, kind in answer_forms(answer, first_name=first_name).items():
        letters = uic.project(component, form)
        if letters and letters != own and found.get(letters) != NICKNAME:
            found[letters] = kind
    if first_name and not _known_name(answer):
        for letters in nickname_partners(component).get(own, ()):
            found[letters] = NICKNAME
    return found


def keyboard_slip(a: str, b: str) -> str | None:
    """One character wrong (typo), two neighbours swapped (transposed), or None."""
    if len(a) != len(b):
        return None
    where = [i for i in range(len(a)) if a[i] != b[i]]
    if len(where) == 1:
        return TYPO
    if len(where) == 2 and where[1] == where[0] + 1 and a[where[0]] == b[where[1]]:
        return TRANSPOSED if a[where[1]] == b[where[0]] else None
    return None


def relate_letters(
    component: uic.Component, typed: str, stored: str, forms: dict[str, str] | None = None
) -> str | None:
    """How the letters of a name part relate: nickname, spelling, typo, transposed, or None.

    ``forms`` are the typed answer's ``alternatives`` when the answer is at hand; without
    them any two names of a nickname group count.
    """
    if forms is not None:
        if stored in forms:
            return forms[stored]
    elif stored in nickname_partners(component).get(typed, ()):
        return NICKNAME
    if sounds_alike(component, typed, stored):
        return SPELLING
    return keyboard_slip(typed, stored)


def relate_digits(component: uic.Component, typed: str, stored: str) -> str | None:
    """How two numbers relate: the year one off, a typo, two digits swapped, or None."""
    if component.key in YEAR_PARTS and typed.isdigit() and stored.isdigit():
        apart = abs(int(typed) - int(stored))
        if apart == 1 or (component.key == "year2" and apart == 99):
            return YEAR
    return keyboard_slip(typed, stored)


def year_neighbours(component: uic.Component, value: str) -> list[str]:
    """The years one before and one after ``value``, written as the part writes them."""
    if component.key not in YEAR_PARTS or not value.isdigit():
        return []
    modulo = 100 if component.key == "year2" else 10**component.length
    return [str((int(value) + step) % modulo).zfill(component.length) for step in (-1, 1)]
