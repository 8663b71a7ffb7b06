"""Exports of a program's reports and dashboard.

Figures are suppressed exactly as on the report page: viewers, peers and staff always
get suppressed figures; coordinators and admins get exact figures, marked not for
publication, unless they ask for the version for publication (``published=1``).

A job is the program's (other programs' jobs are 404). Only the person who asked for
it, or an admin of the program, may see it or download its file; and an export with
exact figures only while they still coordinate the program.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import program_role
from waypoint.core.models import Role
from waypoint.reports import audience

from . import responses, services
from .documents import program_report_keys
from .forms import export_form
from .models import ExportJob
from .renderers import PdfUnavailable

RECENT = 50
PREFILL = ("report", "period", "start", "end", "site", "network", "published")


def sees_exact(request: HttpRequest, data) -> bool:
    return audience.sees_exact(request.membership, data)


def prefill_query(data) -> str:
    """The choices sent, to show the exports page again with them."""
    return urlencode({k: data[k] for k in PREFILL if data.get(k)})


def _job(request: HttpRequest, job_id: int) -> ExportJob | None:
    """The program's job, or 404; None when this user may not open it."""
    job = get_object_or_404(ExportJob.objects.select_related("program", "site"), pk=job_id)
    is_admin = request.membership.has_role(Role.ADMIN)
    if job.requested_by_id != request.user.pk and not is_admin:
        return None
    if not job.suppressed and not request.membership.has_role(Role.COORDINATOR):
        return None
    return job


@program_role(Role.VIEWER)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The user's recent exports of this program, and a report to export."""
    data = request.GET if "report" in request.GET else None
    form = export_form(
        data,
        keys=program_report_keys(),
        program=request.program,
        with_format=False,
        published=not sees_exact(request, request.GET),
    )
    jobs = ExportJob.objects.filter(requested_by=request.user).select_related("site")[:RECENT]
    return responses.index_page(
        request,
        form=form,
        jobs=jobs,
        suppressed=not sees_exact(request, request.GET),
        network=False,
        can_see_exact=request.membership.has_role(Role.COORDINATOR),
    )


@program_role(Role.VIEWER)
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = export_form(
        request.POST,
        keys=program_report_keys(),
        program=request.program,
        published=not sees_exact(request, request.POST),
    )
    if not form.is_valid():
        return responses.refused(request, form, back=reverse("exports:index"))
    data = form.cleaned_data
    try:
        job = services.request_export(
            actor=request.user,
            program=request.program,
            site=data.get("site"),
            report_key=data["report"],
            period=form.period,
            fmt=data["format"],
            suppressed=not sees_exact(request, request.POST),
        )
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(reverse("exports:index") + "?" + prefill_query(request.POST))
    return responses.after_request(request, job, prefix="")


@program_role(Role.VIEWER)
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if job is None:
        return responses.not_yours(request, index_url=reverse("exports:index"))
    return render(request, "exports/job.html", responses.job_context(job, prefix=""))


@program_role(Role.VIEWER)
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The status partial the job page polls every 2 seconds until the job ends."""
    job = _job(request, job_id)
    if job is None:
        return responses.not_yours(request, index_url=reverse("exports:index"))
    return render(request, "exports/_job_status.html", responses.job_context(job, prefix=""))


@program_role(Role.VIEWER)
@require_GET
def download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if job is None:
        return responses.not_yours(request, index_url=reverse("exports:index"))
    return responses.file_response(request, job, job_url=reverse("exports:job", args=[job.pk]))
