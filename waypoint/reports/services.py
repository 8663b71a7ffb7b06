"""Writes of the reports app: the report settings. One transaction each, audited."""

from __future__ import annotations

from django.db import transaction

from waypoint.audit.services import log_event

from .models import ReportSettings

FIELDS = (
    "pwid_population",
    "area_name",
    "coverage_low_below",
    "coverage_high_above",
    "community_page",
    "community_message",
)


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
