"""API: the program's report templates and a computed report as plain data.

Callers below coordinator always get suppressed figures; coordinators and admins get
exact ones unless they ask for the published version (``published=true``).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import REFUSALS, REFUSALS_FOR_ID, ErrorOut
from waypoint.core.models import Role, Site

from .compose import build_report
from .definitions import TEMPLATES, program_templates
from .forms import PeriodForm
from .grid import default_period
from .period import Scope

router = Router(tags=["reports"])


class TemplateOut(Schema):
    key: str
    title: str
    form_name: str
    issuer: str
    frequency: str
    summary: str
    default_start: dt.date
    default_end: dt.date


class CellOut(Schema):
    value: int | float | str | None = Field(description="None when suppressed or not available")
    unit: str
    suppressed: bool
    note: str
    text: str = Field(description="The value as shown on the page")


class RowOut(Schema):
    label: str
    number: str
    is_total: bool
    description: str
    cells: list[CellOut]


class TableOut(Schema):
    title: str
    number: str
    row_header: str
    columns: list[str]
    rows: list[RowOut]
    notes: list[str]


class SectionOut(Schema):
    number: str
    title: str
    wording: str
    tables: list[TableOut]
    notes: list[str]


class ReportOut(Schema):
    key: str
    title: str
    form_name: str
    issuer: str
    scope: str
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    suppressed: bool = Field(description="False: exact figures, not for publication")
    threshold: int
    sections: list[SectionOut]
    notes: list[str]


class ReportQuery(Schema):
    key: str = Field(description="A report key from /reports/templates", max_length=40)
    start: dt.date | None = Field(
        None,
        description="First day (with end; default: the report's). Suppressed figures are "
        "for whole past quarters and calendar years only.",
    )
    end: dt.date | None = Field(None, description="Last day, included")
    site_id: int | None = Field(
        None, description="Only this site of the program (exact figures only)"
    )
    published: bool = Field(False, description="Suppressed figures even for coordinators")


@router.get("/templates", response={200: list[TemplateOut], **REFUSALS})
@api_role(Role.VIEWER)
def list_templates(request):
    return [
        TemplateOut(
            key=t.key,
            title=str(t.title),
            form_name=str(t.form_name),
            issuer=str(t.issuer),
            frequency=str(t.frequency),
            summary=str(t.summary),
            default_start=default_period(t).start,
            default_end=default_period(t).end,
        )
        for t in program_templates()
    ]


@router.get("/report", response={200: ReportOut, 400: ErrorOut, **REFUSALS_FOR_ID})
@api_role(Role.VIEWER)
def get_report(request, query: Query[ReportQuery]):
    principal = request.auth
    template = TEMPLATES.get(query.key)
    if template is None or not template.program:
        raise HttpError(404, _("There is no report with that key."))
    exact = principal.role.at_least(Role.COORDINATOR) and not query.published
    site = None
    if query.site_id is not None:
        site = Site.objects.filter(program=principal.program, pk=query.site_id).first()
        if site is None:
            raise HttpError(404, _("That site is not part of your program."))
        if not exact:
            raise HttpError(
                400,
                _(
                    "Published figures are for the whole program: a single site's report "
                    "shows exact figures, for coordinators and admins."
                ),
            )
    form = PeriodForm(
        {"start": query.start or "", "end": query.end or ""},
        program=None,
        default=default_period(template),
        published=not exact,
    )
    if not form.is_valid():
        raise HttpError(400, " ".join(str(e) for errors in form.errors.values() for e in errors))
    result = build_report(
        template, form.period, Scope.of_program(principal.program, site), suppressed=not exact
    )
    return result.as_dict()
