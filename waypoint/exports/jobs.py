"""The worker's part of exports: making a queued job's file, and removing files once
they expire (with jobs a worker never finished). Run by ``tasks.py``, and by a request
for an export quick enough to make while the person waits."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint.core.scoping import scopes_disabled
from waypoint.reports.period import Period, Scope

from .documents import build_document
from .models import KEEP_FOR, ExportFile, ExportJob, ExportStatus
from .renderers import PdfUnavailable, render

logger = logging.getLogger(__name__)

# A job a worker has not finished by then is reported as failed (the worker stopped).
GIVE_UP_AFTER = dt.timedelta(hours=2)


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
