"""Small-cell suppression for published aggregates (STANDARDS §3).

Primary suppression hides every cell whose value is 1..threshold (0 may be shown).
Complementary suppression then hides more cells until no hidden value can be worked
out exactly from what is shown — cells, row and column totals and the grand total —
by solving the table's sum equations. A table is treated as its extended form: the
cells plus a totals column, a totals row and the grand total, with one equation per
row and per column.

Complements are chosen to cost the least information: the smallest visible non-zero
value in the same row or column (a hidden zero protects nothing when zeros are known
to be structural, so zeros are taken only when nothing else is left).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

Position = tuple[int, int]


@dataclass
class SuppressedTable:
    """The extended table with hidden entries as None. Row/col index -1 means totals."""

    values: list[list[int | None]]  # cells + totals column (+ totals row), None = hidden
    primary: set[Position] = field(default_factory=set)
    complementary: set[Position] = field(default_factory=set)
    column_totals: bool = True

    @property
    def _body(self) -> list[list[int | None]]:
        return self.values[:-1] if self.column_totals else self.values

    @property
    def cells(self) -> list[list[int | None]]:
        return [row[:-1] for row in self._body]

    @property
    def row_totals(self) -> list[int | None]:
        return [row[-1] for row in self._body]

    @property
    def col_totals(self) -> list[int | None] | None:
        return self.values[-1][:-1] if self.column_totals else None

    @property
    def grand_total(self) -> int | None:
        return self.values[-1][-1]

    def is_hidden(self, row: int, col: int) -> bool:
        return self.values[row][col] is None


def extend(cells: list[list[int]], *, column_totals: bool = True) -> list[list[int]]:
    """Cells plus a totals column and, unless ``column_totals`` is off, a totals row."""
    rows = [list(row) + [sum(row)] for row in cells]
    if column_totals:
        ncols = len(cells[0]) if cells else 0
        totals = [sum(row[c] for row in cells) for c in range(ncols)]
        rows.append(totals + [sum(totals)])
    return rows


def is_sensitive(value: int, threshold: int) -> bool:
    return 1 <= value <= threshold


def suppress(
    cells: list[list[int]], threshold: int = 10, *, column_totals: bool = True
) -> SuppressedTable:
    """Suppress a table of counts (rows x columns, each row the same length)."""
    if threshold < 0:
        raise ValueError("threshold must be zero or more")
    if cells and any(len(row) != len(cells[0]) for row in cells):
        raise ValueError("every row must have the same number of columns")
    if any(value < 0 for row in cells for value in row):
        raise ValueError("counts cannot be negative")
    full = extend(cells, column_totals=column_totals)
    if not cells or not cells[0]:
        return SuppressedTable(values=full, column_totals=column_totals)
    nrows, ncols = len(full), len(full[0])
    hidden: set[Position] = {
        (r, c) for r in range(nrows) for c in range(ncols) if is_sensitive(full[r][c], threshold)
    }
    primary = set(hidden)
    while True:
        exposed = derivable(full, hidden, column_totals=column_totals)
        if not exposed:
            break
        # The cheapest visible entry sharing a row or column with an exposed one; if
        # there is none, the cheapest visible entry anywhere.
        near = {
            q
            for (r, c) in exposed
            for q in [(r, k) for k in range(ncols)] + [(k, c) for k in range(nrows)]
            if q not in hidden
        }
        pool = near or {(i, j) for i in range(nrows) for j in range(ncols) if (i, j) not in hidden}
        hidden.add(_cheapest(full, pool, column_totals=column_totals))
    values = [
        [None if (r, c) in hidden else full[r][c] for c in range(ncols)] for r in range(nrows)
    ]
    return SuppressedTable(
        values=values, primary=primary, complementary=hidden - primary, column_totals=column_totals
    )


def suppress_series(counts: list[int], threshold: int = 10) -> SuppressedTable:
    """A single row of counts with its total (e.g. visits by site)."""
    return suppress([list(counts)], threshold, column_totals=False)


def _cheapest(full, positions, *, column_totals: bool) -> Position:
    """Prefer inner cells over totals, non-zero over zero, then the smallest value."""
    nrows, ncols = len(full), len(full[0])

    def cost(p: Position):
        value = full[p[0]][p[1]]
        is_total = (column_totals and p[0] == nrows - 1) or p[1] == ncols - 1
        return (value == 0, is_total, value, p)

    return min(positions, key=cost)


def derivable(
    full: list[list[int]], hidden: set[Position], *, column_totals: bool = True
) -> set[Position]:
    """Hidden entries whose exact value follows from the visible entries.

    Each row and column of the extended table is an equation (cells sum to the total).
    A hidden entry is determined exactly when its unit vector lies in the row space of
    the equations restricted to the hidden entries; checked with exact rational
    Gaussian elimination.
    """
    if not hidden:
        return set()
    nrows, ncols = len(full), len(full[0])
    unknowns = sorted(hidden)
    index = {p: i for i, p in enumerate(unknowns)}
    equations = []
    for r in range(nrows):
        eq = [Fraction(0)] * len(unknowns)
        for c in range(ncols):
            if (r, c) in index:
                eq[index[(r, c)]] += 1 if c < ncols - 1 else -1
        equations.append(eq)
    for c in range(ncols if column_totals else 0):
        eq = [Fraction(0)] * len(unknowns)
        for r in range(nrows):
            if (r, c) in index:
                eq[index[(r, c)]] += 1 if r < nrows - 1 else -1
        equations.append(eq)
    basis = _row_reduce(equations)
    exposed = set()
    for p, i in index.items():
        # e_i is in the row space iff some reduced row is exactly e_i (reduced row echelon).
        for row in basis:
            if row[i] != 0 and all(v == 0 for j, v in enumerate(row) if j != i):
                exposed.add(p)
                break
    return exposed


def _row_reduce(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Reduced row echelon form (non-zero rows only)."""
    matrix = [list(row) for row in rows if any(row)]
    if not matrix:
        return []
    width = len(matrix[0])
    pivot_row = 0
    for col in range(width):
        pivot = next((i for i in range(pivot_row, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for i in range(len(matrix)):
            if i != pivot_row and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [
                    a - factor * b for a, b in zip(matrix[i], matrix[pivot_row], strict=True)
                ]
        pivot_row += 1
        if pivot_row == len(matrix):
            break
    return [row for row in matrix[:pivot_row] if any(row)]
