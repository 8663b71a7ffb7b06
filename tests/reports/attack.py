"""An attacker who has every figure a suppressed audience can obtain and solves them.

Each figure is a linear expression over unknowns the attacker cannot see (counts of
visits per site, modality and stretch of days; people counts per published cell). A
shown figure pins its expression to its value; a hidden one says only that it is a
count (at least 0). What the attacker also knows — people counted once can be no more
than the sum of their parts, nor fewer than any part — comes in as ``relations``.
A hidden figure that the rules hide only when it is small (a program's total for one
quarter) is known to be from 1 to the threshold. For every hidden figure whose true
value is from 1 to the threshold, the attacker
assumes it is one of those (it is in 1..threshold) and asks a linear program for the
smallest and largest value it can take; the whole numbers in between are what the
figure could still be.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog


@dataclass
class Figure:
    name: str
    terms: dict  # unknown -> coefficient
    shown: int | float | None  # None: hidden
    truth: int
    known: tuple[int, int] | None = None  # what the rule tells of it when hidden
    sum_of_parts: bool = False  # a year or a network: hidden whenever a part is


@dataclass
class System:
    figures: list[Figure] = field(default_factory=list)
    relations: list[tuple[dict, str, float]] = field(
        default_factory=list
    )  # (terms, "<="|"==", rhs)

    def add(self, name, terms, shown, truth, known=None, sum_of_parts=False) -> None:
        """``known``: (lowest, highest) the attacker can tell a hidden figure lies in
        from the rules alone, e.g. (1, threshold) for a figure hidden only when small.
        ``sum_of_parts``: a figure for a year or a network, hidden whenever one of its
        parts is, so that hiding it says nothing of its own size."""
        self.figures.append(Figure(name, dict(terms), shown, truth, known, sum_of_parts))

    def at_most(self, smaller: dict, larger: dict) -> None:
        """sum(smaller) <= sum(larger)."""
        terms = dict(smaller)
        for var, coef in larger.items():
            terms[var] = terms.get(var, 0) - coef
        self.relations.append((terms, "<=", 0))

    def ranges(self, threshold: int) -> list[tuple[Figure, int, int]]:
        """(figure, lowest, highest) for every hidden figure with a true value from 1 to
        the threshold."""
        variables = sorted(
            {v for f in self.figures for v in f.terms}
            | {v for t, _, _ in self.relations for v in t},
            key=repr,
        )
        index = {v: i for i, v in enumerate(variables)}

        def row(terms):
            out = np.zeros(len(variables))
            for var, coef in terms.items():
                out[index[var]] += coef
            return out

        eq_rows, eq_rhs, ub_rows, ub_rhs = [], [], [], []
        for figure in self.figures:
            if figure.shown is not None:
                eq_rows.append(row(figure.terms))
                eq_rhs.append(figure.shown)
        for figure in self.figures:
            if figure.shown is None and figure.known is not None:
                ub_rows.extend([row(figure.terms), -row(figure.terms)])
                ub_rhs.extend([figure.known[1], -figure.known[0]])
        for terms, sense, rhs in self.relations:
            (eq_rows if sense == "==" else ub_rows).append(row(terms))
            (eq_rhs if sense == "==" else ub_rhs).append(rhs)
        found = []
        seen = {}
        for figure in self.figures:
            if figure.shown is not None or not 1 <= figure.truth <= threshold:
                continue
            key = tuple(sorted(figure.terms.items(), key=repr))
            if key not in seen:
                target = row(figure.terms)
                if figure.sum_of_parts:
                    a_ub = np.array(ub_rows) if ub_rows else None
                    b_ub = np.array(ub_rhs) if ub_rhs else None
                else:  # the attacker supposes it is small, as the rule hides it when it is
                    a_ub = np.array(ub_rows + [target, -target])
                    b_ub = np.array(ub_rhs + [threshold, -1])
                bounds = []
                for sign in (1, -1):
                    result = linprog(
                        sign * target,
                        A_ub=a_ub,
                        b_ub=b_ub,
                        A_eq=np.array(eq_rows) if eq_rows else None,
                        b_eq=np.array(eq_rhs) if eq_rhs else None,
                        bounds=(0, None),
                        method="highs",
                    )
                    if result.status == 3:  # unbounded: no highest value
                        bounds.append(math.inf)
                        continue
                    assert result.status == 0, (figure.name, result.message)
                    bounds.append(sign * result.fun)
                high = bounds[1] if bounds[1] == math.inf else math.floor(bounds[1] + 1e-6)
                seen[key] = (math.ceil(bounds[0] - 1e-6), high)
            low, high = seen[key]
            found.append((figure, low, high))
        return found

    def narrow(self, threshold: int, protection: int) -> list[tuple[str, int, int, int]]:
        """Hidden small figures the attacker can pin to fewer than ``protection`` values."""
        return [
            (f.name, f.truth, low, high)
            for f, low, high in self.ranges(threshold)
            if high - low + 1 < protection
        ]
