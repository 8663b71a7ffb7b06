"""Exports in a real browser: a viewer reads a report, then downloads it as CSV and XLSX
at once and as a PDF made by a task worker while the job page shows its progress. Each
file opens; the PDF, drawn as an image, is not blank; every page visited passes axe."""

from __future__ import annotations

import contextlib
import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.exports.helpers import csv_rows, need_pdf, need_poppler, running_consumer, workbook
from tests.factories import PASSWORD, member
from tests.reports.scenario import build
from waypoint.core.models import Role

from .helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def worker():
    """A real queue, with a worker thread started when the test asks for it."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    HUEY.flush()
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(running_consumer(HUEY))
    HUEY.flush()
    HUEY.immediate = True


def ink_share(png_path) -> float:
    """The share of the page's pixels that are not (near) white."""
    from PIL import Image  # installed with WeasyPrint

    with Image.open(png_path) as image:
        histogram = image.convert("L").histogram()
    return sum(histogram[:200]) / sum(histogram)


def test_a_viewer_downloads_a_report_as_csv_xlsx_and_pdf(page, worker, tmp_path):
    need_pdf()
    need_poppler("pdftoppm")
    scn = build()
    viewer = member(scn.program, Role.VIEWER)
    sign_in(page, viewer.email, PASSWORD)

    page.goto("/reports/sharp/?start=2025-01-01&end=2025-03-31")
    expect(page.get_by_role("row", name=re.compile("Syringes distributed 80"))).to_be_visible()
    assert_accessible(page)

    page.goto("/exports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    assert_accessible(page)
    page.get_by_label("Report").select_option("sharp")
    page.get_by_role("combobox", name="Period").select_option(label="Q1 2025")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("export-choice")).to_contain_text("SSP indicators (SHaRP)")
    assert_accessible(page)

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="CSV").click()
    csv_file = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_file)
    assert csv_file.name == "riverside_sharp_2025-01-01_2025-03-31.csv"
    rows = csv_rows(csv_file.read_bytes())
    assert ["Syringes distributed", "80"] in rows  # a supporting figure: no item number
    assert ["06", "Total participant visits", "suppressed"] in rows

    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Excel (XLSX)").click()
    xlsx_file = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx_file)
    book = workbook(xlsx_file.read_bytes())
    figures = [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    assert ["Syringes distributed", 80] in [row[:2] for row in figures]
    assert ["06", "Total participant visits", "suppressed"] in [row[:3] for row in figures]

    # A PDF is made by a worker: the job page shows it waiting, then the link.
    page.get_by_role("button", name="PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export: SSP indicators (SHaRP)")
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", "queued")
    expect(page.get_by_label("Making the file")).to_be_visible()
    assert_accessible(page)
    worker()
    link = page.get_by_test_id("download-link")
    expect(link).to_be_visible(timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as pdf_download:
        link.click()
    pdf_file = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_file)
    assert pdf_file.read_bytes().startswith(b"%PDF-")

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf_file),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page*.png")
    assert ink_share(png) > 0.01, "the PDF's first page is blank"

    page.get_by_role("link", name="Your exports").click()
    expect(page.get_by_test_id("export-list").get_by_role("row")).to_have_count(4)
    assert_accessible(page)
