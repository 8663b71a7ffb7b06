"""Writes of the exports app: asking for an export, making its file, recording each
download, and removing files once they expire. Every export asked for and every
download is audited (``export.create``, ``export.download``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event
from waypoint.core.scoping import scopes_disabled
from waypoint.reports import grid
from waypoint.reports.period import Period, Scope
from waypoint.tasks import enqueue_on_commit

from .documents import build_document
from .models import KEEP_FOR, ExportFile, ExportFormat, ExportJob, ExportStatus
from .renderers import PdfUnavailable, pdf_available, render
from .renderers.pdf_file import unavailable_message

logger = logging.getLogger(__name__)

# CSV and XLSX of up to a year are quick enough to make while the person waits.
AT_ONCE_FORMATS = frozenset({ExportFormat.CSV, ExportFormat.XLSX})
AT_ONCE_MAX_DAYS = 366
# A job a worker has not finished by then is reported as failed (the worker stopped).
GIVE_UP_AFTER = dt.timedelta(hours=2)


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
            from .tasks import task_run_export  # the task module imports this one

            enqueue_on_commit(task_run_export, job.pk)
    if not background:
        run_export(job.pk)
        job.refresh_from_db()
    return job


def job_scope(job: ExportJob) -> Scope:
    if job.program_id is None:
        return Scope.of_network(job.network)
    return Scope.of_program(job.program, job.site)


def _progress(job_id: int, percent: int) -> None:
    ExportJob.unscoped.filter(pk=job_id).update(progress=percent)


def _fail(job_id: int, message: str) -> None:
    ExportJob.unscoped.filter(pk=job_id).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )


def run_export(job_id: int) -> str:
    """Make the file of a queued job and return the job's status.

    The caller opens the job's program scope (a task re-enters it; a request is in it).
    The job is claimed by moving it from queued to running, so a job run twice is made
    once. It ends done, with its file stored in the same transaction, or failed with a
    message for the person who asked.
    """
    claimed = ExportJob.unscoped.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), progress=5
    )
    job = ExportJob.unscoped.select_related("program", "network", "site").get(pk=job_id)
    if not claimed:
        return job.status
    with translation.override(job.language):
        try:
            document = build_document(
                job.report_key,
                Period(job.start, job.end),
                job_scope(job),
                suppressed=job.suppressed,
            )
            _progress(job.pk, 60)
            name, content = render(document, job.format)
        except PdfUnavailable as exc:
            _fail(job.pk, str(exc))
            return ExportStatus.FAILED
        except Exception:
            # Whatever went wrong, the person waiting must see the job end, not spin.
            logger.exception("export %s failed", job.pk)
            _fail(
                job.pk,
                _(
                    "Something went wrong while making this file. Try again; if it fails "
                    "again, tell your administrator."
                ),
            )
            return ExportStatus.FAILED
    finished = timezone.now()
    with transaction.atomic():
        ExportFile.unscoped.create(job=job, content=content)
        ExportJob.unscoped.filter(pk=job.pk).update(
            status=ExportStatus.DONE,
            progress=100,
            filename=name,
            size=len(content),
            finished_at=finished,
            expires_at=finished + KEEP_FOR,
        )
    return ExportStatus.DONE


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


def remove_expired_exports(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports past their expiry (the jobs stay, marked removed) and
    fail jobs a worker never finished. Returns the number of files removed."""
    now = now or timezone.now()
    with scopes_disabled(), transaction.atomic():
        expired = ExportJob.unscoped.filter(expires_at__lte=now, file_removed_at__isnull=True)
        ExportFile.unscoped.filter(job__in=expired).delete()
        removed = expired.update(file_removed_at=now)
        stuck = ExportJob.unscoped.filter(
            status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
            created_at__lte=now - GIVE_UP_AFTER,
        )
        for job_id, language in stuck.values_list("pk", "language"):
            with translation.override(language):
                message = _("This export took too long and was stopped. Try again.")
            ExportJob.unscoped.filter(
                pk=job_id, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)
            ).update(status=ExportStatus.FAILED, error=message, finished_at=now)
    return removed
