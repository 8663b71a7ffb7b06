"""What an export holds: a computed report (``ReportResult``) and, for the dashboard, its
charts. Every format is written from the same document, so CSV, XLSX and PDF carry the
same figures as the page, suppressed the same way.

An export names its report by key: a funder report template's key, or ``dashboard``
for the program dashboard's tables and charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.reports.compose import build_report
from waypoint.reports.dashboard import Chart, build_dashboard
from waypoint.reports.dashboard import default_period as dashboard_period
from waypoint.reports.definitions import TEMPLATES, network_templates, program_templates
from waypoint.reports.grid import default_period as template_period
from waypoint.reports.period import Period, Scope
from waypoint.reports.publish import suppression_threshold
from waypoint.reports.results import ReportResult, Section

DASHBOARD = "dashboard"

# How a form numbers its parts, after the report page of the same form.
GENERIC, PARTS, SURVEY = "generic", "parts", "survey"
LAYOUTS = {"reports/forms/state.html": PARTS, "reports/forms/nasen.html": SURVEY}


@dataclass
class ExportDocument:
    result: ReportResult
    frequency: str = ""
    layout: str = GENERIC
    network: bool = False
    charts: list[Chart] = field(default_factory=list)


def program_report_keys() -> list[str]:
    return [t.key for t in program_templates()] + [DASHBOARD]


def network_report_keys() -> list[str]:
    return [t.key for t in network_templates()]


def report_title(key: str) -> str:
    if key == DASHBOARD:
        return _("Dashboard")
    template = TEMPLATES.get(key)
    return str(template.title) if template else key


def default_period(key: str, *, published: bool = False) -> Period:
    """The period the report page shows when none is chosen."""
    if key == DASHBOARD:
        return dashboard_period(published=published)
    return template_period(TEMPLATES[key])


def build_document(key: str, period: Period, scope: Scope, *, suppressed: bool) -> ExportDocument:
    """Compute the report ``key`` for ``period`` and ``scope``. A program or site scope
    must run inside that program's scope (a request's or a task's)."""
    if key == DASHBOARD:
        return _dashboard_document(period, scope, suppressed=suppressed)
    template = TEMPLATES[key]
    result = build_report(template, period, scope, suppressed=suppressed)
    return ExportDocument(
        result,
        frequency=str(template.frequency),
        layout=LAYOUTS.get(template.html_template, GENERIC),
        network=scope.is_network,
    )


def _dashboard_document(period: Period, scope: Scope, *, suppressed: bool) -> ExportDocument:
    board = build_dashboard(period, scope, suppressed=suppressed)
    tables = [t for t in (board.timeline, board.by_site, board.by_modality) if t is not None]
    result = ReportResult(
        key=DASHBOARD,
        title=_("Dashboard"),
        form_name="",
        issuer="",
        scope=str(scope),
        start=period.start,
        end=period.end,
        generated_at=timezone.now(),
        suppressed=suppressed,
        threshold=suppression_threshold(),
        sections=[
            Section(str(n), table.title, tables=[table]) for n, table in enumerate(tables, 1)
        ],
        notes=[] if board.by_quarter else [_("Weeks start on Monday.")],
    )
    return ExportDocument(result, charts=board.charts)
