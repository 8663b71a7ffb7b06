"""What every format writes the same way: the header block, headings, and what a cell
holds. A suppressed cell is always the translated word, never its number."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from waypoint.reports.indicators.base import PERCENT
from waypoint.reports.results import Cell, Row, Section, Table

from ..documents import PARTS, SURVEY, ExportDocument

# Characters that make a spreadsheet treat a cell as a formula (or, for tab and carriage
# return, let one slip through), after OWASP's "CSV injection" advice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula, made inert with a quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_value(cell: Cell) -> str | int | float:
    """A number for a figure that may be shown, else the text the page shows instead.

    Percentages keep their sign ("12.5%"): in a list of figures one column mixes counts
    and shares, and a bare 12.5 would read as a count.
    """
    if cell.suppressed:
        return _("suppressed")
    if cell.value is None:
        return cell.note or _("not available")
    if isinstance(cell.value, str):
        return cell.value
    if cell.unit == PERCENT:
        return f"{cell.value:.1f}%"
    return cell.value


def row_note(row: Row) -> str:
    """Notes that go with figures shown (a suppressed cell's note is left out with it)."""
    return " ".join(
        c.note for c in row.cells if c.note and c.value is not None and not c.suppressed
    )


def has_notes(table: Table) -> bool:
    return any(row_note(row) for row in table.rows)


def header_cells(table: Table) -> list[str]:
    cells = [_("No.")] if table.numbered else []
    cells.append(table.row_header or _("Item"))
    cells.extend(table.columns)
    if has_notes(table):
        cells.append(_("Note"))
    return cells


def shown_number(cell: Cell) -> bool:
    return not cell.suppressed and cell.value is not None and not isinstance(cell.value, str)


def row_cells(table: Table, row: Row, value=cell_value) -> list[str | int | float]:
    """The row as written: item number, label, ``value(cell)`` for each cell, note."""
    cells: list[str | int | float] = [row.number] if table.numbered else []
    cells.append(row.label)
    cells.extend(value(cell) for cell in row.cells)
    if has_notes(table):
        cells.append(row_note(row))
    return cells


def section_heading(section: Section, layout: str) -> str:
    if layout == PARTS:
        return _("Part %(number)s: %(title)s") % {"number": section.number, "title": section.title}
    if layout == SURVEY:
        return _("Section %(number)s. %(title)s") % {
            "number": section.number,
            "title": section.title,
        }
    return f"{section.number}. {section.title}"


def table_heading(table: Table) -> str:
    return f"{table.number} {table.title}" if table.number else table.title


def publication_text(document: ExportDocument) -> str:
    result = document.result
    if result.suppressed:
        return _(
            "To protect the people counted, numbers from 1 to %(n)s are not shown, nor are "
            "other numbers or percentages that would let someone work them out. These show "
            "as “suppressed”."
        ) % {"n": result.threshold}
    return _("Not for publication: small numbers shown.")


def period_text(document: ExportDocument) -> str:
    return f"{document.result.start.isoformat()} – {document.result.end.isoformat()}"


def prepared_text(document: ExportDocument) -> str:
    return timezone.localtime(document.result.generated_at).strftime("%Y-%m-%d %H:%M")


def header_block(document: ExportDocument) -> list[tuple[str, str]]:
    """(label, value) lines under the title, as on the report page."""
    result = document.result
    lines = [
        (_("Form"), result.form_name),
        (_("Issued by"), result.issuer),
        (_("Network") if document.network else _("Program"), result.scope),
        (_("Reporting period"), period_text(document)),
        (_("How often"), document.frequency),
        (_("Prepared"), prepared_text(document)),
        (_("Figures"), publication_text(document)),
    ]
    return [(label, value) for label, value in lines if value]


def filename(document: ExportDocument, extension: str) -> str:
    result = document.result
    parts = [
        slugify(result.scope),
        result.key.replace("_", "-"),
        result.start.isoformat(),
        result.end.isoformat(),
    ]
    if not result.suppressed:
        parts.append(slugify(_("not for publication")))
    return "_".join(p for p in parts if p) + "." + extension
