"""Writes of the reports app: program and network report settings. One transaction
each, audited."""

from __future__ import annotations

from django.db import transaction

from waypoint.audit.services import log_event

from .models import NetworkReportSettings, ReportSettings

COVERAGE_FIELDS = ("pwid_population", "area_name", "coverage_low_below", "coverage_high_above")
FIELDS = (*COVERAGE_FIELDS, "quarter_email", "community_page", "community_message")


def save_report_settings(settings: ReportSettings, *, actor) -> ReportSettings:
    """Create or update ``settings.program``'s report settings (validated by the caller's
    form); the audit entry records the new values."""
    with transaction.atomic():
        created = settings.pk is None
        settings.save()
        log_event(
            "reports.settings_create" if created else "reports.settings_update",
            actor=actor,
            obj=settings,
            extra={name: getattr(settings, name) for name in FIELDS},
        )
    return settings


def save_network_report_settings(
    settings: NetworkReportSettings, *, actor
) -> NetworkReportSettings:
    """Create or update ``settings.network``'s estimate (validated by the caller's form).
    The audit entry belongs to no program; it names the network and the new values."""
    with transaction.atomic():
        created = settings.pk is None
        settings.save()
        log_event(
            "reports.network_settings_create" if created else "reports.network_settings_update",
            actor=actor,
            obj=settings,
            extra={
                "network": settings.network_id,
                **{name: getattr(settings, name) for name in COVERAGE_FIELDS},
            },
        )
    return settings
