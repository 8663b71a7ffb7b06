"""CSV: one file, a header block then every table under its section and table heading.

UTF-8 with a byte-order mark, so Excel opens Spanish text correctly. Figures are plain
numbers with a decimal point and no grouping (percentages keep their "%"); a suppressed
cell holds the translated word. Text that a spreadsheet would run as a formula is made
inert with a leading quote.
"""

from __future__ import annotations

import csv
import io

from ..documents import ExportDocument
from .common import (
    header_block,
    header_cells,
    neutralize,
    row_cells,
    section_heading,
    table_heading,
)

BOM = "\ufeff"


def _safe(value):
    return neutralize(value) if isinstance(value, str) else value


def render_csv(document: ExportDocument) -> bytes:
    result = document.result
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(*cells) -> None:
        writer.writerow([_safe(cell) for cell in cells])

    write(result.title)
    for label, value in header_block(document):
        write(label, value)
    for section in result.sections:
        write()
        write(section_heading(section, document.layout))
        if section.wording:
            write(section.wording)
        for table in section.tables:
            write()
            write(table_heading(table))
            write(*header_cells(table))
            for row in table.rows:
                write(*row_cells(table, row))
            for note in table.notes:
                write(note)
        for note in section.notes:
            write(note)
    if result.notes:
        write()
        for note in result.notes:
            write(note)
    return (BOM + out.getvalue()).encode("utf-8")
