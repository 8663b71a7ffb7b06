"""PDF: the report laid out like its form, printed by WeasyPrint (the optional ``pdf``
extra). The dashboard's SVG charts are drawn in the document as they are on the page.

Without WeasyPrint (or the Pango library it needs) PDFs cannot be made: ``PdfUnavailable``
carries a message saying so and what to do instead.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..documents import ExportDocument
from .common import header_block, publication_text, section_heading


class PdfUnavailable(RuntimeError):
    """WeasyPrint is not installed where the export runs."""


def unavailable_message() -> str:
    return _(
        "PDF files cannot be made on this server because the PDF library (WeasyPrint) is "
        "not installed. Download the CSV or Excel file instead, or ask your administrator "
        "to install Waypoint's PDF support."
    )


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint present, Pango missing
        raise PdfUnavailable(unavailable_message()) from exc
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def print_html(document: ExportDocument) -> str:
    """The HTML the PDF is printed from."""
    result = document.result
    return render_to_string(
        "exports/print/report.html",
        {
            "document": document,
            "result": result,
            "header": header_block(document),
            "publication": publication_text(document),
            "sections": [(section_heading(s, document.layout), s) for s in result.sections],
            "language": get_language(),
        },
    )


def render_pdf(document: ExportDocument) -> bytes:
    weasyprint = _weasyprint()
    html = print_html(document)
    # Nothing is fetched: the document carries its styles and charts inline.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
