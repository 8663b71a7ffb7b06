"""Reading exports back the way their readers do: a CSV parser, openpyxl, poppler."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from django.db import connections
from openpyxl import load_workbook

from tests.conftest import require
from waypoint.exports.renderers import pdf_available
from waypoint.exports.renderers.common import table_heading

Q1_FORM = {"start": "2025-01-01", "end": "2025-03-31"}


@contextlib.contextmanager
def running_consumer(huey):
    """A huey consumer with one worker thread, stopped gracefully.

    While it runs, database connections are not kept between tasks, so the worker
    thread leaves none open for the test database's teardown to trip over (production
    workers keep theirs, as CONN_MAX_AGE says). pytest's signal handlers, which the
    consumer replaces on start, are put back afterwards.
    """
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    database = connections["default"].settings_dict  # shared by every thread's connection
    kept = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 0
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        database["CONN_MAX_AGE"] = kept
        for s, handler in handlers.items():
            signal.signal(s, handler)


def need_pdf() -> None:
    """WeasyPrint is required in CI (WAYPOINT_REQUIRE_BROWSER=1); elsewhere PDF tests skip."""
    if not pdf_available():
        if require("WAYPOINT_REQUIRE_BROWSER"):
            pytest.fail("WeasyPrint is not installed, and WAYPOINT_REQUIRE_BROWSER=1.")
        pytest.skip("WeasyPrint is not installed")


def need_poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if require("WAYPOINT_REQUIRE_BROWSER"):
            pytest.fail(f"{tool} (poppler-utils) is not installed, and WAYPOINT_REQUIRE_BROWSER=1.")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_text(content: bytes, tmp_path: Path) -> str:
    source = tmp_path / "export.pdf"
    source.write_bytes(content)
    out = subprocess.run(
        [need_poppler("pdftotext"), "-layout", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


def pdf_pages(content: bytes, tmp_path: Path) -> int:
    source = tmp_path / "pages.pdf"
    source.write_bytes(content)
    out = subprocess.run(
        [need_poppler("pdfinfo"), str(source)], capture_output=True, check=True, timeout=60
    )
    line = next(x for x in out.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def csv_tables(rows: list[list[str]], result):
    """(table, column headers, body rows) for every table of ``result``, in order."""
    at = 0
    for table in result.tables():
        at = next(i for i in range(at, len(rows)) if rows[i] == [table_heading(table)])
        yield table, rows[at + 1], rows[at + 2 : at + 2 + len(table.rows)]
        at += 2 + len(table.rows)


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def xlsx_tables(book, result):
    """(table, header cells, body cells) for every table: openpyxl cells, so that types
    can be checked. Sheet 1 is about the report; each section has the next sheet."""
    for sheet, section in zip(book.worksheets[1:], result.sections, strict=True):
        rows, at = list(sheet.iter_rows()), 0
        for table in section.tables:
            heading = table_heading(table)
            at = next(i for i in range(at, len(rows)) if rows[i][0].value == heading)
            yield table, rows[at + 1], rows[at + 2 : at + 2 + len(table.rows)]
            at += 2 + len(table.rows)


def cells_of(result):
    for table in result.tables():
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                yield table, r, row, c, cell


def download_forms(html: str) -> list[dict]:
    """The download buttons' forms: where each goes, its format and its hidden fields."""
    found = []
    for form in re.findall(r"<form method=\"post\".*?</form>", html, re.S):
        if 'name="format"' not in form:
            continue
        found.append(
            {
                "action": re.search(r'action="([^"]+)"', form)[1],
                "format": re.search(r'name="format" value="(\w+)"', form)[1],
                "fields": dict(
                    re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)
                ),
            }
        )
    for item in found:
        item["fields"].pop("csrfmiddlewaretoken", None)
    return found
