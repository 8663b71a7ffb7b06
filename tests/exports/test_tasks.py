"""Exports through the real task queue, and the hourly clean-up."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY

from tests.factories import member
from tests.reports import scenario
from tests.reports.scenario import Q1
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.exports.jobs import remove_expired_exports, run_export
from waypoint.exports.models import ExportFile, ExportJob, ExportStatus
from waypoint.exports.services import request_export
from waypoint.exports.tasks import task_remove_expired_exports, task_run_export

from .helpers import csv_rows, running_consumer


@pytest.fixture
def real_queue():
    """The configured queue storage (SQLite, or Redis when REDIS_URL is set)."""
    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def wait_until_finished(job_id: int, timeout: float = 30) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ExportJob.unscoped.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"export {job_id} did not finish in {timeout} s")


def ask(scn, actor, fmt="csv", period=Q1, suppressed=True, **kwargs) -> ExportJob:
    with program_scope(scn.program):
        return request_export(
            actor=actor,
            program=scn.program,
            report_key="sharp",
            period=period,
            fmt=fmt,
            suppressed=suppressed,
            **kwargs,
        )


@pytest.mark.django_db(transaction=True)
def test_a_worker_makes_the_file_of_a_queued_export(real_queue):
    scn = scenario.build()
    coordinator = member(scn.program, Role.COORDINATOR)
    long = Q1.__class__(dt.date(2024, 1, 1), Q1.end)  # over a year: made by a worker
    with translation.override("es"):
        job = ask(scn, coordinator, period=long, suppressed=False)
    assert job.status == ExportStatus.QUEUED and job.language == "es"
    assert real_queue.pending_count() == 1  # enqueued once the request's transaction committed

    with running_consumer(real_queue):
        job = wait_until_finished(job.pk)

    assert job.status == ExportStatus.DONE, job.error
    assert job.progress == 100 and job.started_at <= job.finished_at
    rows = csv_rows(job.read_content())
    assert rows[0] == ["Indicadores SSP (SHaRP)"]  # in the language it was asked in
    assert ["Jeringas distribuidas", "90"] in rows
    assert real_queue.pending_count() == 0


@pytest.mark.django_db(transaction=True)
def test_nothing_is_enqueued_when_asking_fails(real_queue):
    scn = scenario.build()
    viewer = member(scn.program, Role.VIEWER)
    with pytest.raises(ValueError):
        ask(scn, viewer, fmt="docx")
    assert real_queue.pending_count() == 0 and not ExportJob.unscoped.exists()


def test_a_job_is_made_once_even_if_its_task_runs_twice(scn):
    job = ExportJob.unscoped.create(
        program=scn.program, report_key="sharp", start=Q1.start, end=Q1.end, format="csv"
    )
    assert task_run_export(job.pk).get() == ExportStatus.DONE
    assert task_run_export(job.pk).get() == ExportStatus.DONE
    assert ExportFile.unscoped.filter(job=job).count() == 1
    assert task_run_export(job.pk + 1000).get() is None  # a job that is gone


def test_a_failure_ends_the_job_with_a_message_for_the_person_waiting(scn):
    job = ExportJob.unscoped.create(
        program=scn.program, report_key="retired-report", start=Q1.start, end=Q1.end, format="csv"
    )
    with program_scope(scn.program):
        assert run_export(job.pk) == ExportStatus.FAILED
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.finished_at
    assert "Something went wrong while making this file" in job.error


def test_without_weasyprint_a_queued_pdf_fails_saying_why(scn, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)
    job = ExportJob.unscoped.create(
        program=scn.program, report_key="sharp", start=Q1.start, end=Q1.end, format="pdf"
    )
    assert task_run_export(job.pk).get() == ExportStatus.FAILED
    job.refresh_from_db()
    assert "WeasyPrint" in job.error and "CSV or Excel" in job.error


def test_expired_files_are_removed_and_the_jobs_kept(scn):
    viewer = member(scn.program, Role.VIEWER)
    old, fresh = ask(scn, viewer), ask(scn, viewer)
    later = timezone.now() + dt.timedelta(days=7, minutes=1)
    ExportJob.unscoped.filter(pk=fresh.pk).update(expires_at=later + dt.timedelta(hours=1))

    assert remove_expired_exports(now=later) == 1
    old.refresh_from_db()
    assert old.file_removed_at == later and old.is_expired and not old.is_ready
    assert old.read_content() is None and old.status == ExportStatus.DONE
    assert fresh.read_content() is not None
    assert remove_expired_exports(now=later) == 0


def test_jobs_no_worker_finished_are_reported_failed(scn):
    job = ExportJob.unscoped.create(
        program=scn.program, report_key="sharp", start=Q1.start, end=Q1.end, format="pdf"
    )
    assert remove_expired_exports(now=timezone.now() + dt.timedelta(minutes=30)) == 0
    assert ExportJob.unscoped.get(pk=job.pk).status == ExportStatus.QUEUED
    remove_expired_exports(now=timezone.now() + dt.timedelta(hours=3))
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "took too long" in job.error
    assert run_export(job.pk) == ExportStatus.FAILED  # a late worker leaves it alone


def test_the_clean_up_runs_every_hour(scn):
    task = task_remove_expired_exports.task_class()
    assert task.validate_datetime(dt.datetime(2025, 1, 1, 5, 23))
    assert not task.validate_datetime(dt.datetime(2025, 1, 1, 5, 24))
    assert task_remove_expired_exports.call_local() == 0
