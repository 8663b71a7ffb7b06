"""Report templates: each funder form or survey as sections of indicators, one module
each. State reports follow the order and numbering their statute or rule gives their
items; figures a state does not list are shown under "Supporting figures (not on the
state's list)", unnumbered."""

# Registered in this order, the order reports are offered in.
# isort: off
from . import (  # noqa: F401  (registers)
    sharp,
    nasen,
    oend,
    network,
    california,
    west_virginia,
    utah,
    maryland,
)

# isort: on
from .base import TEMPLATES, ReportTemplate

__all__ = ["TEMPLATES", "ReportTemplate", "program_templates", "network_templates"]


def program_templates() -> list[ReportTemplate]:
    return [t for t in TEMPLATES.values() if t.program]


def network_templates() -> list[ReportTemplate]:
    return [t for t in TEMPLATES.values() if t.network]
