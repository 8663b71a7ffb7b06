"""XLSX: a first sheet about the report, then a sheet per section of the form.

Figures are numbers (formatted by unit, so Excel shows them in the reader's own
separators); a suppressed cell is the translated word as text. Every text cell is
written as a string, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from waypoint.reports.indicators.base import COUNTS, DAYS, HOURS, NUMBER, PERCENT, RATE, RATIO
from waypoint.reports.results import Table

from ..documents import ExportDocument
from .common import (
    cell_value,
    header_block,
    header_cells,
    row_cells,
    section_heading,
    shown_number,
    table_heading,
)

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH, MIN_WIDTH = 60, 10
SHEET_NAME_MAX = 31  # Excel's limit
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def number_format(unit: str) -> str:
    if unit == PERCENT:
        return '0.0"%"'
    if unit == RATIO:
        return "0.00"
    if unit in (RATE, HOURS):
        return "#,##0.0"
    if unit in COUNTS or unit in (NUMBER, DAYS):
        return "#,##0"
    return "General"


class SheetWriter:
    """Writes rows one after the other and remembers how wide each column should be."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.row = 0
        self.widths: dict[int, int] = {}

    def write(self, values, *, font=None, formats=None, wrap=False, measure=True) -> None:
        """One row; ``measure=False`` for headings and notes that may run past their column."""
        self.row += 1
        for column, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            cell = self.sheet.cell(row=self.row, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "="
            elif formats and formats[column - 1]:
                cell.number_format = formats[column - 1]
            if font is not None:
                cell.font = font
            if wrap:
                cell.alignment = WRAP
            if measure:
                width = min(MAX_WIDTH, len(str(value)) + 2)
                self.widths[column] = max(self.widths.get(column, MIN_WIDTH), width)

    def skip(self) -> None:
        self.row += 1

    def finish(self) -> None:
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width


def _sheet_name(text: str, taken: set[str]) -> str:
    base = NOT_IN_SHEET_NAMES.sub(" ", text).strip().strip("'")[:SHEET_NAME_MAX] or "-"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _value(cell):
    """A figure shown stays a number (a percentage too: its format adds the sign)."""
    return cell.value if shown_number(cell) else cell_value(cell)


def _write_table(out: SheetWriter, table: Table) -> None:
    out.write([table_heading(table)], font=HEADING, measure=False)
    out.write(header_cells(table), font=BOLD, wrap=True)
    lead = 2 if table.numbered else 1
    for row in table.rows:
        formats = [None] * lead + [
            number_format(cell.unit) if shown_number(cell) else None for cell in row.cells
        ]
        out.write(
            row_cells(table, row, value=_value),
            font=BOLD if row.is_total else None,
            formats=formats,
        )
    for note in table.notes:
        out.write([note], measure=False)
    out.skip()


def render_xlsx(document: ExportDocument) -> bytes:
    result = document.result
    book = Workbook()
    taken: set[str] = set()
    about = SheetWriter(book.active)
    about.sheet.title = _sheet_name(_("Report"), taken)
    about.write([result.title], font=TITLE, measure=False)
    about.skip()
    for label, value in header_block(document):
        about.write([label, value])
        about.sheet.cell(row=about.row, column=1).font = BOLD
        about.sheet.cell(row=about.row, column=2).alignment = WRAP
    for note in result.notes:
        about.write([note], measure=False)
    about.finish()

    for section in result.sections:
        heading = section_heading(section, document.layout)
        out = SheetWriter(book.create_sheet(_sheet_name(heading, taken)))
        out.write([heading], font=TITLE, measure=False)
        if section.wording:
            out.write([section.wording], measure=False)
        out.skip()
        for table in section.tables:
            _write_table(out, table)
        for note in section.notes:
            out.write([note], measure=False)
        out.finish()

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
