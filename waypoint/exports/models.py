"""Exports of reports: a job per file asked for, and the file once it is made.

A job belongs to a program (a program's report or dashboard) or, with no program, to a
network (a network report for an analyst). The file is kept in the database, next to
its job, for ``KEEP_FOR``; an hourly task then removes it and the job stays as a record.

Why the database and not a directory: web nodes and task workers may run on different
machines (see DESIGN.md, "Scale"), and a row needs no shared volume; the file is written
in the same transaction that marks the job done, so a job is never "done" without its
file; and exports are small — a report is tens of kilobytes as CSV or XLSX and a few
hundred as PDF — so they cost the database little for the week they are kept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned

KEEP_FOR = dt.timedelta(days=7)


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", "PDF"


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
}


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(ProgramOwned):
    program = models.ForeignKey(
        "core.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        "core.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_key = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    suppressed = models.BooleanField(default=True)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="export_requester_time"),
            models.Index(fields=["expires_at"], name="export_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=False) | models.Q(network__isnull=False),
                name="export_has_program_or_network",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_at_most_100"
            ),
        ]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"export {self.pk} {self.report_key} {self.format}"

    @property
    def is_network(self) -> bool:
        return self.program_id is None

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.file_removed_at is not None or (
            self.expires_at is not None and self.expires_at <= timezone.now()
        )

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.DONE and not self.is_expired

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[ExportFormat(self.format)]

    def read_content(self) -> bytes | None:
        """The file's bytes, or None once it has been removed. Call after the access
        checks: the job has already been fetched for this user."""
        stored = ExportFile.unscoped.filter(job=self).values_list("content", flat=True).first()
        return bytes(stored) if stored is not None else None


class ExportFile(ProgramOwned):
    job = models.OneToOneField(
        ExportJob, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    content = models.BinaryField()

    program_path = "job__program"

    def __str__(self) -> str:
        return f"file of export {self.job_id}"
