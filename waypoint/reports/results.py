"""What a computed report is, as plain data: pages render it, exports (CSV, XLSX, PDF)
and the API read it.

    ReportResult
      sections: [Section]            the form's parts, in the form's order
        tables: [Table]              each a grid with a caption
          columns: [str]             column headers (after the row-header column)
          rows: [Row]                label (+ the form's item number) and one Cell per column
            cells: [Cell]            value, unit, suppressed flag, note

Every label is already a plain ``str`` in the language the report was built in. A
``Cell`` whose ``value`` is None is either ``suppressed`` (hidden to protect small
numbers: counts from 1 to ``ReportResult.threshold`` and whatever would let someone work
them out) or not available, with ``note`` saying why — for example "Not recorded in
Waypoint yet". ``Cell.text`` is the value formatted for display. When
``ReportResult.suppressed`` is False the figures are exact and not for publication.

Nothing here is a model instance or a queryset; a ``ReportResult`` can be pickled,
turned into JSON with ``as_dict()``, or written out row by row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from .indicators.base import COUNTS, DAYS, HOURS, NUMBER, PERCENT, RATE, RATIO


@dataclass
class Cell:
    value: int | float | str | None
    unit: str = ""
    suppressed: bool = False
    note: str = ""

    @property
    def text(self) -> str:
        if self.suppressed:
            return _("suppressed")
        if self.value is None:
            return _("not available")
        return format_value(self.value, self.unit)

    @property
    def is_number(self) -> bool:
        return not isinstance(self.value, str)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    number: str = ""  # the form's own item number, e.g. "3a"
    is_total: bool = False
    description: str = ""  # how the figure is worked out


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[Row]
    row_header: str = ""
    number: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def any_suppressed(self) -> bool:
        return any(cell.suppressed for row in self.rows for cell in row.cells)

    @property
    def numbered(self) -> bool:
        return any(row.number for row in self.rows)


@dataclass
class Section:
    number: str
    title: str
    wording: str = ""  # the form's own instructions for this part
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ReportResult:
    key: str
    title: str
    form_name: str  # the form or survey it feeds, as its issuer names it
    issuer: str
    scope: str  # whose data: a program, a site of it, or a network
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    suppressed: bool
    threshold: int
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tables(self):
        for section in self.sections:
            yield from section.tables

    @property
    def any_suppressed(self) -> bool:
        return any(table.any_suppressed for table in self.tables())

    def as_dict(self) -> dict:
        """JSON-ready: dates as ISO strings, every cell with its display text."""
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["generated_at"] = self.generated_at.isoformat()
        for section_data, section in zip(data["sections"], self.sections, strict=True):
            for table_data, table in zip(section_data["tables"], section.tables, strict=True):
                for row_data, row in zip(table_data["rows"], table.rows, strict=True):
                    for cell_data, cell in zip(row_data["cells"], row.cells, strict=True):
                        cell_data["text"] = cell.text
        return data


def format_value(value, unit: str) -> str:
    if isinstance(value, str):
        return value
    if unit in COUNTS or unit in (NUMBER, DAYS):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if unit == PERCENT:
        return _("%(value)s%%") % {"value": formats.number_format(value, 1, use_l10n=True)}
    if unit == RATIO:
        return formats.number_format(value, 2, use_l10n=True)
    if unit in (RATE, HOURS):
        return formats.number_format(value, 1, use_l10n=True, force_grouping=True)
    return formats.number_format(value, use_l10n=True)
