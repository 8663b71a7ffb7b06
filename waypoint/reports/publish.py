"""Turning exact figures into the cells people see, with small-cell suppression.

Viewers, analysts and the public see suppressed tables (STANDARDS §3): every count from
1 to the threshold is hidden (primary suppression), then more cells are hidden until no
hidden count can be worked out from the rest (complementary suppression, done by
``suppression.suppress_series``). How a table's rows relate decides what can be worked
out:

- ``LIST``: unrelated figures, one per row: each is hidden on its own.
- ``BREAKDOWN``: rows are categories of one or more columns, with a total row. An
  additive column (visits by site) is one series whose total is known. A distinct
  column (people by site — one person can visit two sites) has no such equation, so each
  cell is judged on its own. A shares column (answers where several could be chosen)
  is one series per row: the row's count and the rest of the total.

A percentage or ratio is shown only when the counts it comes from may be shown: none
of its ``parts`` is a small count, and none of the cells it points at (``refs``) was
hidden. Totals are hidden only when they are small themselves or no other cell is
left, so the same total gets the same decision in every table of a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from .indicators.base import ADDITIVE, DISTINCT, SHARES, Measure
from .results import Cell, Row, Table
from .suppression import suppress_series

LIST, BREAKDOWN = "list", "breakdown"


def suppression_threshold() -> int:
    return getattr(settings, "SUPPRESSION_THRESHOLD", 10)


@dataclass
class DraftCell:
    measure: Measure
    refs: tuple[tuple[int, int], ...] = ()  # (row, column) of the cells it is worked out from


@dataclass
class DraftRow:
    label: str
    cells: list[DraftCell]
    number: str = ""
    is_total: bool = False
    description: str = ""


@dataclass
class DraftTable:
    title: str
    columns: list[str]
    rows: list[DraftRow]
    layout: str = LIST
    kinds: list[str] = field(default_factory=list)  # per column, for BREAKDOWN
    row_header: str = ""
    number: str = ""
    notes: list[str] = field(default_factory=list)


def _small(value, threshold: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= threshold


def _primary(measure: Measure, threshold: int) -> bool:
    if measure.value is None:
        return False
    if measure.is_count and _small(measure.value, threshold):
        return True
    return any(_small(part, threshold) for part in measure.parts)


def _column_hidden(draft: DraftTable, column: int, threshold: int) -> set[tuple[int, int]]:
    body = [r for r, row in enumerate(draft.rows) if not row.is_total]
    totals = [r for r, row in enumerate(draft.rows) if row.is_total]
    measures = {r: draft.rows[r].cells[column].measure for r in body + totals}
    counts = all(m.is_count and isinstance(m.value, int) and not m.parts for m in measures.values())
    kind = draft.kinds[column] if column < len(draft.kinds) else DISTINCT
    hidden: set[tuple[int, int]] = set()
    if counts and kind == ADDITIVE and len(totals) == 1:
        values = [measures[r].value for r in body]
        total = measures[totals[0]].value
        if sum(values) == total:
            table = suppress_series(values, threshold)
            hidden |= {(r, column) for r, v in zip(body, table.cells[0], strict=True) if v is None}
            if table.row_totals[0] is None:
                hidden.add((totals[0], column))
            return hidden
    if counts and kind == SHARES and len(totals) == 1:
        total = measures[totals[0]].value
        for r in body:
            share = suppress_series([measures[r].value, total - measures[r].value], threshold)
            if share.cells[0][0] is None:
                hidden.add((r, column))
        if _small(total, threshold):
            hidden.add((totals[0], column))
        return hidden
    return {(r, column) for r, m in measures.items() if _primary(m, threshold)}


def hidden_cells(draft: DraftTable, threshold: int) -> set[tuple[int, int]]:
    """Positions to hide. Cells worked out from others are settled last."""
    width = len(draft.columns)
    derived = {
        (r, c) for r, row in enumerate(draft.rows) for c, cell in enumerate(row.cells) if cell.refs
    }
    hidden: set[tuple[int, int]] = set()
    if draft.layout == BREAKDOWN:
        for column in range(width):
            if not any((r, column) in derived for r in range(len(draft.rows))):
                hidden |= _column_hidden(draft, column, threshold)
    else:
        hidden = {
            (r, c)
            for r, row in enumerate(draft.rows)
            for c, cell in enumerate(row.cells)
            if (r, c) not in derived and _primary(cell.measure, threshold)
        }
    for r, c in derived:
        cell = draft.rows[r].cells[c]
        if _primary(cell.measure, threshold) or any(ref in hidden for ref in cell.refs):
            hidden.add((r, c))
    return hidden


def publish(draft: DraftTable, *, suppressed: bool, threshold: int | None = None) -> Table:
    """The table people see: exact when ``suppressed`` is False (coordinators, admins)."""
    threshold = suppression_threshold() if threshold is None else threshold
    hidden = hidden_cells(draft, threshold) if suppressed else set()
    rows = [
        Row(
            label=row.label,
            number=row.number,
            is_total=row.is_total,
            description=row.description,
            cells=[
                Cell(
                    value=None if (r, c) in hidden else cell.measure.value,
                    unit=cell.measure.unit,
                    suppressed=(r, c) in hidden,
                    note=cell.measure.note,
                )
                for c, cell in enumerate(row.cells)
            ],
        )
        for r, row in enumerate(draft.rows)
    ]
    return Table(
        title=draft.title,
        columns=draft.columns,
        rows=rows,
        row_header=draft.row_header,
        number=draft.number,
        notes=draft.notes,
    )
