"""Asking for an export, following its job and downloading it: who gets which figures,
who may open which job, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Membership, NetworkAnalyst, Role
from waypoint.exports.models import ExportJob, ExportStatus

from .helpers import Q1_FORM, csv_rows, download_forms, need_pdf, workbook


def ask(client, fmt="csv", report="sharp", **extra):
    return client.post("/exports/new/", {"report": report, "format": fmt, **Q1_FORM, **extra})


def only_job(**filters) -> ExportJob:
    (job,) = ExportJob.unscoped.filter(**filters)
    return job


def audit(action: str):
    return list(AuditEvent.unscoped.filter(action=action))


def figure(content: bytes, label: str) -> str:
    """The figure after ``label``, in a numbered table (item number first) or not."""
    for row in csv_rows(content):
        if label in row[:2] and len(row) > row.index(label) + 1:
            return row[row.index(label) + 1]
    raise AssertionError(f"no row {label!r}")


def test_a_viewer_downloads_a_csv_at_once_with_figures_suppressed(scn, client_for):
    viewer = member(scn.program, Role.VIEWER)
    response = ask(client_for(viewer), "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside_sharp_2025-01-01_2025-03-31.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert figure(response.content, "Total participant visits") == "suppressed"
    assert figure(response.content, "Syringes distributed") == "80"
    job = only_job(requested_by=viewer)
    assert (job.status, job.progress, job.suppressed, job.program) == (
        ExportStatus.DONE,
        100,
        True,
        scn.program,
    )
    assert job.expires_at - job.finished_at == dt.timedelta(days=7)
    (created,) = audit("export.create")
    assert (created.actor, created.program, created.object_id) == (viewer, scn.program, str(job.pk))
    assert created.extra["format"] == "csv" and created.extra["suppressed"] is True
    (downloaded,) = audit("export.download")
    assert (downloaded.actor, downloaded.object_id) == (viewer, str(job.pk))


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PEER, Role.STAFF])
def test_below_coordinator_asking_for_exact_figures_changes_nothing(scn, client_for, role):
    response = ask(client_for(member(scn.program, role)), "csv", published="0")
    assert figure(response.content, "Total participant visits") == "suppressed"
    assert only_job().suppressed


def test_coordinators_get_exact_figures_unless_they_ask_for_the_published_version(scn, client_for):
    client = client_for(member(scn.program, Role.COORDINATOR))
    exact = ask(client, "xlsx")
    assert exact["Content-Disposition"].endswith('_not-for-publication.xlsx"')
    about = workbook(exact.content).worksheets[0]
    assert ["Figures", "Not for publication: small numbers shown."] in [
        [c.value for c in row] for row in about.iter_rows()
    ]
    assert figure(ask(client, "csv").content, "Total participant visits") == "6"
    assert figure(ask(client, "csv", published="1").content, "Total participant visits") == (
        "suppressed"
    )


def test_a_pdf_is_made_by_a_task_and_the_job_page_shows_progress_then_the_link(
    scn, client_for, django_capture_on_commit_callbacks
):
    need_pdf()
    viewer = member(scn.program, Role.VIEWER)
    client = client_for(viewer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = ask(client, "pdf")
    job = only_job(requested_by=viewer)
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.status == ExportStatus.QUEUED and len(queued) == 1

    page = client.get(f"/exports/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'hx-get="/exports/{job.pk}/status/"' in html and 'hx-trigger="every 2s"' in html
    assert 'aria-live="polite"' in html and "<script>" not in html
    assert 'data-testid="download-link"' not in html

    queued[0]()  # the commit: huey is in immediate mode in tests, so the task runs now
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.progress == 100

    status = client.get(f"/exports/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in status  # finished: the page stops polling
    assert f'href="/exports/{job.pk}/download/"' in status
    download = client.get(f"/exports/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    assert len(audit("export.create")) == 1 and len(audit("export.download")) == 1


def test_a_period_over_a_year_is_made_in_the_background_even_as_csv(
    scn, client_for, django_capture_on_commit_callbacks
):
    client = client_for(member(scn.program, Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/new/",
            {"report": "sharp", "format": "csv", "start": "2024-01-01", "end": "2025-03-31"},
        )
    job = only_job()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.status == ExportStatus.DONE
    assert figure(client.get(f"/exports/{job.pk}/download/").content, "Syringes distributed") == (
        "90"  # 80 in the quarter and the kit of 31 December 2024
    )


def test_a_viewer_exports_only_whole_past_quarters_and_years_of_the_whole_program(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    assert ask(client, "csv", site=scn.s2.pk).status_code == 200  # no site: the program
    assert only_job().site is None
    refused = ask(client, "csv", start="2025-01-01", end="2025-02-28")
    assert refused.status_code == 400 and ExportJob.unscoped.count() == 1
    assert "whole past quarters and calendar years" in refused.content.decode()


def test_a_site_and_the_dashboard_can_be_exported(scn, client_for):
    client = client_for(member(scn.program, Role.COORDINATOR))
    response = ask(client, "csv", site=scn.s2.pk)
    assert ["Program", "Riverside, site Van"] in csv_rows(response.content)
    assert only_job().site == scn.s2
    dashboard = ask(client, "xlsx", report="dashboard")
    assert dashboard.status_code == 200
    assert [s.title for s in workbook(dashboard.content).worksheets][1:] == [
        "1. Week by week",
        "2. By site",
        "3. By how people were served",
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"report": "network"},  # a network report is not a program's
        {"report": "nope"},
        {"format": "docx"},
        {"start": "2025-03-31", "end": "2025-01-01"},
        {"start": "2025-01-01", "end": ""},
    ],
)
def test_a_request_the_report_page_would_refuse_is_refused(scn, client_for, data):
    client = client_for(member(scn.program, Role.VIEWER))
    response = client.post("/exports/new/", {"report": "sharp", "format": "csv", **Q1_FORM, **data})
    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert not ExportJob.unscoped.exists() and not audit("export.create")


def test_another_programs_site_is_refused(scn, client_for):
    client = client_for(member(scn.program, Role.COORDINATOR))
    response = ask(client, "csv", site=scn.other_site.pk)
    assert response.status_code == 400
    assert not ExportJob.unscoped.exists()


def test_jobs_of_another_program_are_not_found(scn, client_for):
    ask(client_for(scn.admin), "csv")
    job = only_job()
    outsider = member(scn.other_program, Role.ADMIN)
    client = client_for(outsider)
    for path in ("", "status/", "download/"):
        assert client.get(f"/exports/{job.pk}/{path}").status_code == 404
    assert len(audit("export.download")) == 1  # the requester's own, at once


def test_only_the_requester_or_a_program_admin_opens_a_job(scn, client_for):
    requester = member(scn.program, Role.VIEWER)
    ask(client_for(requester), "csv")
    job = only_job()
    colleague = client_for(member(scn.program, Role.STAFF))
    for path in ("", "status/", "download/"):
        response = colleague.get(f"/exports/{job.pk}/{path}")
        assert response.status_code == 302 and response["Location"] == "/exports/"
    assert b"made for someone else" in colleague.get("/exports/").content
    assert len(audit("export.download")) == 1

    admin = client_for(scn.admin)
    assert admin.get(f"/exports/{job.pk}/").status_code == 200
    assert admin.get(f"/exports/{job.pk}/download/").status_code == 200
    assert [e.actor for e in audit("export.download")] == [scn.admin, requester]


def test_exact_figures_are_not_served_to_someone_no_longer_coordinating(scn, client_for):
    coordinator = member(scn.program, Role.COORDINATOR)
    client = client_for(coordinator)
    ask(client, "csv")
    job = only_job()
    assert not job.suppressed
    Membership.unscoped.filter(user=coordinator).update(role=Role.VIEWER)
    response = client.get(f"/exports/{job.pk}/download/")
    assert response.status_code == 302 and response["Location"] == "/exports/"


def test_the_exports_page_lists_only_your_own_exports(scn, client_for):
    mine, theirs = member(scn.program, Role.VIEWER), member(scn.program, Role.VIEWER)
    ask(client_for(mine), "csv")
    ask(client_for(theirs), "xlsx", report="oend")
    page = client_for(mine).get("/exports/")
    listed = [job for job, _title in page.context["jobs"]]
    assert listed == [only_job(requested_by=mine)]
    assert b"SSP indicators (SHaRP)" in page.content
    assert b"Naloxone program (OEND) metrics" not in page.content.split(b"export-list")[-1]


def test_choosing_a_report_on_the_exports_page_offers_its_downloads(scn, client_for):
    page = client_for(member(scn.program, Role.VIEWER)).get(
        "/exports/?report=nasen&start=2024-01-01&end=2024-12-31"
    )
    form = page.context["form"]
    assert (form["report"].value(), form["start"].value(), form["end"].value()) == (
        "nasen",
        "2024-01-01",
        "2024-12-31",
    )
    forms = download_forms(page.content.decode())
    assert [f["format"] for f in forms] == ["csv", "xlsx", "pdf"]
    assert forms[0]["fields"] == {"report": "nasen", "start": "2024-01-01", "end": "2024-12-31"}
    assert b'name="published"' not in page.content  # viewers have no choice to make
    unchosen = client_for(member(scn.program, Role.VIEWER)).get("/exports/")
    assert b'data-testid="export-links"' not in unchosen.content


def test_an_expired_file_is_gone_and_says_so(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    ask(client, "csv")
    job = only_job()
    ExportJob.unscoped.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/exports/{job.pk}/download/", follow=True)
    assert response.redirect_chain == [(f"/exports/{job.pk}/", 302)]
    assert b"exports are kept for 7 days" in response.content
    assert len(audit("export.download")) == 1


def test_without_weasyprint_a_pdf_is_refused_with_a_clear_message(scn, client_for, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)  # not importable
    client = client_for(member(scn.program, Role.VIEWER))
    response = ask(client, "pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/exports/?")
    page = client.get(response["Location"])
    assert b"WeasyPrint" in page.content
    assert [f["format"] for f in download_forms(page.content.decode())] == ["csv", "xlsx"]
    assert not ExportJob.unscoped.exists()
    assert ask(client, "csv").status_code == 200  # the other formats still work


# --- network exports ----------------------------------------------------------------


@pytest.fixture
def analyst(scn):
    user = member(scn.program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=user, network=scn.network)
    return user


def test_an_analyst_exports_a_network_report_always_suppressed(scn, client_for, analyst):
    client = client_for(analyst)
    response = client.post(
        "/exports/network/new/", {"report": "network", "format": "csv", **Q1_FORM, "published": "0"}
    )
    assert response.status_code == 200
    rows = csv_rows(response.content)
    assert ["Network", "Network: Metro network"] in rows
    job = only_job()
    assert (job.program, job.network, job.suppressed) == (None, scn.network, True)
    (created,) = audit("export.create")
    assert created.program is None and created.extra["network"] == scn.network.pk
    assert client.get(f"/exports/network/{job.pk}/download/").status_code == 200
    assert [job for job, _t in client.get("/exports/network/").context["jobs"]] == [job]


def test_network_jobs_are_the_analysts_own(scn, client_for, analyst):
    client_for(analyst).post("/exports/network/new/", {"report": "network", "format": "csv"})
    job = only_job()
    other_analyst = member(scn.other_program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=other_analyst, network=scn.network)
    for path in ("", "status/", "download/"):
        assert client_for(other_analyst).get(f"/exports/network/{job.pk}/{path}").status_code == 404
    # A program member never reaches a network job through the program's URLs.
    assert client_for(scn.admin).get(f"/exports/{job.pk}/").status_code == 404
    NetworkAnalyst.objects.filter(user=analyst).delete()
    assert client_for(analyst).get(f"/exports/network/{job.pk}/").status_code == 403


def test_a_program_only_report_is_not_a_network_export(scn, client_for, analyst):
    response = client_for(analyst).post(
        "/exports/network/new/", {"report": "california", "format": "csv", **Q1_FORM}
    )
    assert response.status_code == 400


def test_a_spanish_speaker_gets_spanish_pages_and_a_spanish_file(scn, client_for):
    viewer = member(scn.program, Role.VIEWER, language="es")
    client = client_for(viewer)
    page = client.get("/exports/?report=sharp&start=2025-01-01&end=2025-03-31").content.decode()
    assert '<html lang="es">' in page
    for english in ("Make an export", "Your recent exports", "Download", "Reporting period"):
        assert f">{english}<" not in page
    response = ask(client, "csv")
    assert only_job().language == "es"
    rows = csv_rows(response.content)
    assert rows[0] == ["Indicadores SSP (SHaRP)"]
    assert ["06", "Total de visitas de participantes", "oculto"] in rows
    assert "Cifras" in [row[0] for row in rows if row]
    job_page = client.get(f"/exports/{only_job().pk}/").content.decode()
    assert "Sus exportaciones" in job_page
