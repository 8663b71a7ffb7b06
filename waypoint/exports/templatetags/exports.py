from django import template

from ..renderers import pdf_available

register = template.Library()


@register.simple_tag(name="pdf_available")
def pdf_available_tag() -> bool:
    """Whether PDFs can be made here, so a page offers only files it can deliver."""
    return pdf_available()
