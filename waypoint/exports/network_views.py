"""Exports of network reports for network analysts: always suppressed, like the pages.

A network export belongs to the analyst who asked for it, in a network they still
analyse; anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import network_analyst

from . import responses, services
from .documents import network_report_keys
from .forms import export_form
from .models import ExportJob
from .renderers import PdfUnavailable
from .views import RECENT, prefill_query


def _analyst_jobs(request: HttpRequest):
    # Network jobs have no program, so no program scope covers them: they are reached
    # only through the analyst's own grants and their own requests.
    return ExportJob.unscoped.filter(
        program__isnull=True,
        network__in=request.analyst_networks,
        requested_by=request.user,
    ).select_related("network")


def _job(request: HttpRequest, job_id: int) -> ExportJob:
    return get_object_or_404(_analyst_jobs(request), pk=job_id)


@network_analyst
@require_GET
def network_index(request: HttpRequest) -> HttpResponse:
    data = request.GET if "report" in request.GET else None
    form = export_form(
        data, keys=network_report_keys(), networks=request.analyst_networks, with_format=False
    )
    return responses.index_page(
        request,
        form=form,
        jobs=_analyst_jobs(request)[:RECENT],
        suppressed=True,
        network=True,
        can_see_exact=False,
    )


@network_analyst
@require_POST
def network_create(request: HttpRequest) -> HttpResponse:
    form = export_form(request.POST, keys=network_report_keys(), networks=request.analyst_networks)
    if not form.is_valid():
        return responses.refused(request, form, back=reverse("exports:network_index"))
    try:
        job = services.request_export(
            actor=request.user,
            network=form.chosen_network,
            report_key=form.cleaned_data["report"],
            period=form.period,
            fmt=form.cleaned_data["format"],
            suppressed=True,
        )
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(reverse("exports:network_index") + "?" + prefill_query(request.POST))
    return responses.after_request(request, job, prefix="network_")


@network_analyst
@require_GET
def network_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(request, "exports/job.html", responses.job_context(job, prefix="network_"))


@network_analyst
@require_GET
def network_job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(
        request, "exports/_job_status.html", responses.job_context(job, prefix="network_")
    )


@network_analyst
@require_GET
def network_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return responses.file_response(
        request, job, job_url=reverse("exports:network_job", args=[job.pk])
    )
