"""Writes of the exports app: asking for an export and recording each download, both
audited (``export.create``, ``export.download``). Making the file and removing expired
files are the worker's part, in ``jobs.py``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from waypoint.audit.services import log_event
from waypoint.reports import grid
from waypoint.reports.period import Period
from waypoint.tasks import enqueue_on_commit

from .jobs import run_export
from .models import ExportFormat, ExportJob
from .renderers import PdfUnavailable, pdf_available
from .renderers.pdf_file import unavailable_message
from .tasks import task_run_export

# CSV and XLSX of up to a year are quick enough to make while the person waits.
AT_ONCE_FORMATS = frozenset({ExportFormat.CSV, ExportFormat.XLSX})
AT_ONCE_MAX_DAYS = 366


def runs_in_background(fmt: str, period: Period) -> bool:
    return fmt not in AT_ONCE_FORMATS or period.days > AT_ONCE_MAX_DAYS


def request_export(
    *,
    actor,
    report_key: str,
    period: Period,
    fmt: str,
    suppressed: bool,
    program=None,
    site=None,
    network=None,
) -> ExportJob:
    """Create and audit an export of a program's report (``program``, optionally one
    ``site``) or a network's (``network``, no program).

    A CSV or XLSX of a year or less is made at once: the job comes back done (or failed,
    with its message). Anything else is queued and made by a worker once the transaction
    commits; the job comes back queued. The file is made in the current language.
    Raises ``PdfUnavailable`` when a PDF is asked for and PDFs cannot be made here, and
    ``ValueError`` for suppressed figures outside the publication grid (a site, or a
    period that is not a whole past quarter or calendar year).
    """
    if (program is None) == (network is None):
        raise ValueError("an export is of a program or of a network")
    if suppressed and (site is not None or not grid.is_published(period)):
        raise ValueError("suppressed figures are for whole past quarters and years only")
    fmt = ExportFormat(fmt)
    if fmt == ExportFormat.PDF and not pdf_available():
        raise PdfUnavailable(unavailable_message())
    background = runs_in_background(fmt, period)
    with transaction.atomic():
        job = ExportJob(
            program=program,
            network=network,
            site=site,
            requested_by=actor,
            report_key=report_key,
            start=period.start,
            end=period.end,
            format=fmt,
            suppressed=suppressed,
            language=translation.get_language() or "en",
        )
        job.save()
        log_event(
            "export.create",
            actor=actor,
            program=program,
            obj=job,
            extra={
                "report": report_key,
                "format": fmt.value,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "site": site.pk if site else None,
                "network": network.pk if network else None,
                "suppressed": suppressed,
                "background": background,
            },
        )
        if background:
            enqueue_on_commit(task_run_export, job.pk)
    if not background:
        run_export(job.pk)
        job.refresh_from_db()
    return job


def record_download(job: ExportJob, *, actor) -> None:
    """Audit one download of ``job``'s file."""
    with transaction.atomic():
        log_event(
            "export.download",
            actor=actor,
            program=job.program,
            obj=job,
            extra={
                "report": job.report_key,
                "format": job.format,
                "suppressed": job.suppressed,
                "network": job.network_id,
                "requested_by": job.requested_by_id,
            },
        )
