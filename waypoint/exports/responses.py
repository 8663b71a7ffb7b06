"""What program and network export views share: links back to a report, the file
response, and what happens after an export is asked for."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from waypoint.reports.publish import suppression_threshold

from . import services
from .documents import DASHBOARD, report_title
from .models import ExportJob
from .renderers import pdf_available


def index_page(
    request: HttpRequest, *, form, jobs, suppressed: bool, network: bool, can_see_exact: bool
) -> HttpResponse:
    """The exports page: the user's recent exports, and a form choosing a report and a
    period; once chosen (and valid), the same download buttons as on the report page."""
    context = {
        "form": form,
        "jobs": [(job, report_title(job.report_key)) for job in jobs],
        "network_report": network,
        "can_see_exact": can_see_exact,
        "threshold": suppression_threshold(),
        "pdf_available": pdf_available(),
    }
    if form.is_bound and form.is_valid():
        key = form.cleaned_data["report"]
        context.update(
            export_key=key,
            export_title=report_title(key),
            start=form.period.start,
            end=form.period.end,
            suppressed=suppressed,
        )
    return render(request, "exports/index.html", context)


def report_url(job: ExportJob) -> str:
    """The report page the export was made from, with the same period and site."""
    query = {"start": job.start.isoformat(), "end": job.end.isoformat()}
    if job.is_network:
        name = f"reports:network_{job.report_key}"
        query["network"] = job.network_id
    else:
        name = "reports:dashboard" if job.report_key == DASHBOARD else f"reports:{job.report_key}"
        if job.site_id:
            query["site"] = job.site_id
    try:
        return reverse(name) + "?" + urlencode(query)
    except NoReverseMatch:  # a report template that has since been retired
        return ""


def job_context(job: ExportJob, *, prefix: str) -> dict:
    """Names for the job templates; ``prefix`` is "" or "network_" (the URL names)."""
    return {
        "job": job,
        "title": report_title(job.report_key),
        "report_url": report_url(job),
        "status_url": reverse(f"exports:{prefix}job_status", args=[job.pk]),
        "download_url": reverse(f"exports:{prefix}download", args=[job.pk]),
        "job_url": reverse(f"exports:{prefix}job", args=[job.pk]),
        "index_url": reverse(f"exports:{prefix}index"),
    }


def file_response(request: HttpRequest, job: ExportJob, *, job_url: str) -> HttpResponse:
    """The file as a download (audited), or back to the job page when there is none."""
    content = job.read_content() if job.is_ready else None
    if content is None:
        if job.is_expired:
            messages.error(request, expired_message())
        return redirect(job_url)
    services.record_download(job, actor=request.user)
    response = HttpResponse(content, content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def after_request(request: HttpRequest, job: ExportJob, *, prefix: str) -> HttpResponse:
    """A file made at once is downloaded straight away; otherwise the job page shows how
    it is going."""
    job_url = reverse(f"exports:{prefix}job", args=[job.pk])
    if job.is_ready:
        return file_response(request, job, job_url=job_url)
    return redirect(job_url)


def refused(request: HttpRequest, form, *, back: str) -> HttpResponse:
    return render(request, "exports/refused.html", {"form": form, "back": back}, status=400)


def expired_message() -> str:
    return _(
        "This file has been removed: exports are kept for 7 days. Make it again from the report."
    )


def not_yours(request: HttpRequest, *, index_url: str) -> HttpResponse:
    messages.error(
        request,
        _(
            "That export was made for someone else. Only the person who asked for it, or an "
            "admin of the program, can open it."
        ),
    )
    return redirect(index_url)
