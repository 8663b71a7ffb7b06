"""Writing an ``ExportDocument`` out as a file: CSV, XLSX or PDF."""

from __future__ import annotations

from ..documents import ExportDocument
from ..models import ExportFormat
from .common import filename
from .csv_file import render_csv
from .pdf_file import PdfUnavailable, pdf_available, render_pdf
from .xlsx_file import render_xlsx

RENDERERS = {
    ExportFormat.CSV: render_csv,
    ExportFormat.XLSX: render_xlsx,
    ExportFormat.PDF: render_pdf,
}

__all__ = ["PdfUnavailable", "filename", "pdf_available", "render"]


def render(document: ExportDocument, fmt: str) -> tuple[str, bytes]:
    """(file name, content) of ``document`` in format ``fmt``."""
    fmt = ExportFormat(fmt)
    return filename(document, fmt.value), RENDERERS[fmt](document)
