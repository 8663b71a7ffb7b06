"""CSV, XLSX and PDF carry the report's own figures, hide what the report hides, and
cannot be turned into a formula attack."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.factories import SiteFactory
from tests.reports.scenario import Q1
from waypoint.core.scoping import program_scope
from waypoint.exports.documents import DASHBOARD, build_document, program_report_keys
from waypoint.exports.renderers import render
from waypoint.exports.renderers.pdf_file import print_html
from waypoint.reports.period import Scope

from .helpers import (
    cells_of,
    csv_rows,
    csv_tables,
    need_pdf,
    pdf_pages,
    pdf_text,
    workbook,
    xlsx_tables,
)


def document(scn, key="sharp", *, suppressed=True, site=None):
    with program_scope(scn.program):
        return build_document(key, Q1, Scope.of_program(scn.program, site), suppressed=suppressed)


def lead(table) -> int:
    """Columns before the figures: the form's item number (if any) and the row label."""
    return 2 if table.numbered else 1


def check_text(text: str, cell) -> None:
    """A figure as text: the word for a hidden cell, the number for a shown one."""
    if cell.suppressed:
        assert text == "suppressed"
    elif cell.value is None:
        assert text == (cell.note or "not available")
    elif isinstance(cell.value, str):
        assert text == cell.value
    elif cell.unit == "percent":
        assert text.endswith("%") and float(text[:-1]) == pytest.approx(cell.value, abs=0.05)
    else:
        assert float(text) == cell.value


@pytest.mark.parametrize("suppressed", [True, False])
def test_the_csv_holds_every_figure_of_the_report(scn, suppressed):
    doc = document(scn, suppressed=suppressed)
    name, content = render(doc, "csv")
    assert name.endswith(".csv")
    rows = csv_rows(content)
    assert rows[0] == ["SSP indicators (SHaRP)"]
    header = {row[0]: row[1] for row in rows[1:9] if len(row) == 2}
    assert header["Program"] == "Riverside"
    assert header["Reporting period"] == "2025-01-01 – 2025-03-31"
    assert "Prepared" in header
    if suppressed:
        assert "numbers from 1 to 10 are not shown" in header["Figures"]
    else:
        assert header["Figures"] == "Not for publication: small numbers shown."
    for table, columns, body in csv_tables(rows, doc.result):
        assert columns[lead(table) :][: len(table.columns)] == table.columns
        for row, written in zip(table.rows, body, strict=True):
            assert written[lead(table) - 1] == row.label
            for c, cell in enumerate(row.cells):
                check_text(written[lead(table) + c], cell)
    # Hand-counted in tests/reports/scenario.py: 80 syringes given in the quarter.
    assert ["Syringes distributed", "80"] in rows  # a supporting figure: no item number
    assert ["06", "Total participant visits", "suppressed" if suppressed else "6"] in rows


@pytest.mark.parametrize("suppressed", [True, False])
def test_the_xlsx_holds_every_figure_with_numbers_as_numbers(scn, suppressed):
    doc = document(scn, suppressed=suppressed)
    name, content = render(doc, "xlsx")
    assert name.endswith(".xlsx")
    book = workbook(content)
    about = book.worksheets[0]
    assert about["A1"].value == "SSP indicators (SHaRP)" and about["A1"].font.b
    assert len(book.worksheets) == 1 + len(doc.result.sections)
    for table, header, body in xlsx_tables(book, doc.result):
        assert all(cell.font.b for cell in header if cell.value is not None)
        for row, written in zip(table.rows, body, strict=True):
            for c, cell in enumerate(row.cells):
                out = written[lead(table) + c]
                if cell.suppressed or cell.value is None or isinstance(cell.value, str):
                    assert out.data_type == "s"
                    check_text(out.value, cell)
                else:
                    assert out.data_type == "n" and out.value == cell.value
    figures = book.worksheets[2]  # section 2: service quality, with long labels
    assert figures.column_dimensions["B"].width > 20  # labels are readable without resizing


def test_the_pdf_is_a_paged_pdf_with_the_figures(scn, tmp_path):
    need_pdf()
    doc = document(scn, suppressed=False)
    name, content = render(doc, "pdf")
    assert name.endswith("_not-for-publication.pdf")
    assert content.startswith(b"%PDF-")
    assert pdf_pages(content, tmp_path) >= 1
    text = pdf_text(content, tmp_path)
    assert "SSP indicators (SHaRP)" in text and "Riverside" in text
    assert re.search(r"Syringes distributed\s+80", text)
    assert re.search(r"Total participant visits\s+6\b", text)
    assert "Not for publication: small numbers shown." in text


def test_suppressed_cells_never_show_their_numbers_in_any_format(scn, tmp_path):
    exact = document(scn, suppressed=False).result
    published = document(scn, suppressed=True)
    hidden = [
        (table.title, r, c, exact_cell.value)
        for (table, r, _row, c, cell), (_t, _r, _w, _c, exact_cell) in zip(
            cells_of(published.result), cells_of(exact), strict=True
        )
        if cell.suppressed
    ]
    assert len(hidden) >= 5

    rows = csv_rows(render(published, "csv")[1])
    for table, _columns, body in csv_tables(rows, published.result):
        for title, r, c, _value in hidden:
            if title == table.title:
                assert body[r][lead(table) + c] == "suppressed"
                assert body[r][lead(table) + len(table.columns) :] in ([], [""])  # no note
    book = workbook(render(published, "xlsx")[1])
    for table, _header, body in xlsx_tables(book, published.result):
        for title, r, c, _value in hidden:
            if title == table.title:
                assert body[r][lead(table) + c].value == "suppressed"

    html = print_html(published)
    assert html.count(">suppressed<") == len(hidden)
    need_pdf()
    text = pdf_text(render(published, "pdf")[1], tmp_path)
    line = next(x for x in text.splitlines() if "Total participant visits" in x)
    assert "suppressed" in line and not re.search(r"\d", line.split("visits", 1)[1])


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "\tTab", "\rReturn"]
)
def test_text_that_would_run_as_a_formula_is_inert(scn, name):
    SiteFactory(program=scn.program, name=name)
    doc = document(scn, DASHBOARD, suppressed=False)
    assert any(row.label == name for table in doc.result.tables() for row in table.rows)

    rows = csv_rows(render(doc, "csv")[1])
    labels = [row[0] for row in rows if row]
    assert "'" + name in labels and name not in labels

    book = workbook(render(doc, "xlsx")[1])
    written = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in written if cell.data_type == "f"]
    # (XML turns a carriage return into a line feed; the text is otherwise as typed.)
    assert any(
        cell.data_type == "s" and cell.value.strip() == name.strip()
        for cell in written
        if cell.value
    )


def test_the_dashboard_exports_its_tables_and_draws_its_charts(scn, tmp_path):
    doc = document(scn, DASHBOARD, suppressed=False)
    assert [t.title for t in doc.result.tables()] == [
        "Week by week",
        "By site",
        "By how people were served",
    ]
    rows = csv_rows(render(doc, "csv")[1])
    by_site = next(
        body for table, _c, body in csv_tables(rows, doc.result) if table.title == "By site"
    )
    assert by_site[-1][0] == "Total" and by_site[-1][1] == "6"  # visits, hand-counted
    html = print_html(doc)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4
    need_pdf()
    text = pdf_text(render(doc, "pdf")[1], tmp_path)
    assert "Visits per week" in text and "By how people were served" in text


@pytest.mark.parametrize("key", program_report_keys())
def test_every_report_exports_in_every_format(scn, key):
    doc = document(scn, key)
    for fmt in ("csv", "xlsx"):
        name, content = render(doc, fmt)
        assert content and name.endswith("." + fmt)
    need_pdf()
    assert render(doc, "pdf")[1].startswith(b"%PDF-")


def test_a_site_and_a_network_export_say_whose_data_they_hold(scn):
    rows = csv_rows(render(document(scn, site=scn.s2), "csv")[1])
    assert ["Program", "Riverside, site Van"] in rows
    network = build_document("network", Q1, Scope.of_network(scn.network), suppressed=True)
    rows = csv_rows(render(network, "csv")[1])
    assert ["Network", "Network: Metro network"] in rows


def test_spanish_exports_are_in_spanish_and_open_as_utf8(scn):
    with translation.override("es"):
        doc = document(scn, suppressed=True)
        content = render(doc, "csv")[1]
    text = content.decode("utf-8-sig")
    assert "Periodo del informe" in text and "oculto" in text and "suppressed" not in text
    assert "Jeringas distribuidas" in text
