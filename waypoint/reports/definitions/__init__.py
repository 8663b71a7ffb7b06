"""Report templates: each funder form or survey as sections of indicators."""

from . import national, states  # noqa: F401  (registers)
from .base import TEMPLATES, ReportTemplate

__all__ = ["TEMPLATES", "ReportTemplate", "program_templates", "network_templates"]


def program_templates() -> list[ReportTemplate]:
    return [t for t in TEMPLATES.values() if t.program]


def network_templates() -> list[ReportTemplate]:
    return [t for t in TEMPLATES.values() if t.network]
