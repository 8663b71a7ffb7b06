"""Turning exact figures into the cells people see, with small-cell suppression.

Viewers, analysts and the public see suppressed tables (STANDARDS §3): the rules are in
``suppression.py``, the periods they may ask for in ``grid.py``. How a table's rows
relate decides what can be worked out:

- ``LIST``: unrelated figures, one per row: each is hidden on its own.
- ``BREAKDOWN``: rows are categories of one or more columns, with a total row. Each
  column is one breakdown, decided by ``suppression.decide`` with the column's kind
  (additive, distinct or shares).

Every cell of a draft carries its **address** — (indicator, dimension, category), or
(indicator, None, None) for a total — so a figure gets the same decision wherever it
appears, and a figure for a year or a network can be hidden because one of the
quarters or programs it sums hid it (``Forced``). A percentage or ratio is shown only
when the counts it comes from may be shown: none of its ``parts`` is a small count,
none of the cells it points at (``refs``) was hidden, and none of the totals it is
worked out from (``sources``) is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from .indicators.base import DISTINCT, Measure
from .results import Cell, Row, Table
from .suppression import decide, is_small

Address = tuple[str, str | None, object]  # (indicator, dimension or None, category or None)

LIST, BREAKDOWN = "list", "breakdown"


def suppression_threshold() -> int:
    return getattr(settings, "SUPPRESSION_THRESHOLD", 10)


@dataclass
class DraftCell:
    measure: Measure
    refs: tuple[tuple[int, int], ...] = ()  # (row, column) of the cells it is worked out from
    address: Address | None = None

    @property
    def sources(self) -> list[Address]:
        """The totals a derived figure (a ratio, a rate) is worked out from."""
        return [(key, None, None) for key in self.measure.part_keys]


@dataclass
class Forced:
    """What the parts of an aggregate hid: cells hidden at a quarter or a program, and
    breakdowns (indicator, dimension) hidden whole at one of them."""

    cells: set = field(default_factory=set)
    columns: set = field(default_factory=set)

    def __ior__(self, other: Forced) -> Forced:
        self.cells |= other.cells
        self.columns |= other.columns
        return self


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


def _primary(measure: Measure, threshold: int) -> bool:
    if measure.value is None:
        return False
    if measure.is_count and is_small(measure.value, threshold):
        return True
    return any(is_small(part, threshold) for part in measure.parts)


def _column(draft: DraftTable, column: int, threshold: int, forced: Forced) -> set:
    body = [r for r, row in enumerate(draft.rows) if not row.is_total]
    totals = [r for r, row in enumerate(draft.rows) if row.is_total]
    cells = {r: draft.rows[r].cells[column] for r in body + totals}
    counts = all(
        c.measure.is_count and isinstance(c.measure.value, int) and not c.measure.parts
        for c in cells.values()
    )
    if not counts or len(totals) != 1:
        return {
            (r, column)
            for r, c in cells.items()
            if _primary(c.measure, threshold) or c.address in forced.cells
        }
    total = cells[totals[0]]
    addresses = [cells[r].address for r in body]
    breakdown = next(((a[0], a[1]) for a in addresses if a is not None), None)
    decision = decide(
        [cells[r].measure.value for r in body],
        total.measure.value,
        threshold,
        kind=draft.kinds[column] if column < len(draft.kinds) else DISTINCT,
        forced=[i for i, a in enumerate(addresses) if a in forced.cells],
        total_forced=total.address in forced.cells,
        whole=breakdown in forced.columns,
    )
    hidden = {(body[i], column) for i in decision.parts}
    return hidden | ({(totals[0], column)} if decision.total else set())


def hidden_cells(draft: DraftTable, threshold: int, forced: Forced | None = None) -> set:
    """Positions to hide. Cells worked out from others are settled last."""
    forced = forced or Forced()
    width = len(draft.columns)
    derived = {
        (r, c)
        for r, row in enumerate(draft.rows)
        for c, cell in enumerate(row.cells)
        if cell.refs or cell.measure.part_keys
    }
    hidden: set[tuple[int, int]] = set()
    if draft.layout == BREAKDOWN:
        for column in range(width):
            if not any((r, column) in derived for r in range(len(draft.rows))):
                hidden |= _column(draft, column, threshold, forced)
    else:
        hidden = {
            (r, c)
            for r, row in enumerate(draft.rows)
            for c, cell in enumerate(row.cells)
            if (r, c) not in derived
            and (_primary(cell.measure, threshold) or cell.address in forced.cells)
        }
    for r, c in derived:
        cell = draft.rows[r].cells[c]
        if (
            _primary(cell.measure, threshold)
            or any(ref in hidden for ref in cell.refs)
            or any(source in forced.cells for source in cell.sources)
        ):
            hidden.add((r, c))
    return hidden


def hidden_addresses(draft: DraftTable, threshold: int) -> Forced:
    """What a quarter's (or a program's) table hides, for the aggregates above it."""
    found = Forced()
    for r, c in hidden_cells(draft, threshold):
        address = draft.rows[r].cells[c].address
        if address is not None:
            found.cells.add(address)
            if address[1] is not None:
                found.columns.add(address[:2])
    return found


def programs_forced(by_quarter: list[dict], threshold: int) -> Forced:
    """What a network's programs hide, from each quarter's counts ``{key: {program:
    value}}``: a network total with a small program in any quarter, and — for a year —
    a program's row with a small quarter."""
    forced = Forced()
    for values in by_quarter:
        for key, programs in values.items():
            small = {pk for pk, value in programs.items() if is_small(value, threshold)}
            if small:
                forced.cells.add((key, None, None))
            if len(by_quarter) > 1:
                forced.cells |= {(key, "program", pk) for pk in small}
    return forced


def publish(
    draft: DraftTable,
    *,
    suppressed: bool,
    threshold: int | None = None,
    forced: Forced | None = None,
) -> Table:
    """The table people see: exact when ``suppressed`` is False (coordinators, admins).
    ``forced``: what the quarters or programs inside an aggregate hid."""
    threshold = suppression_threshold() if threshold is None else threshold
    hidden = hidden_cells(draft, threshold, forced) if suppressed else set()
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
