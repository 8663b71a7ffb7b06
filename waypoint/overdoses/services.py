"""Writing reversal reports. A report is created with its visit, in the visit's transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event

from .models import TRI_STATE_FIELDS, AgeBand, DosesUsed, OverdoseReport, Relationship, Setting

CHOICE_FIELDS = {
    "relationship": Relationship.values,
    "setting": Setting.values,
    "naloxone_doses": DosesUsed.values,
    "person_age": AgeBand.values,
}
TEXT_FIELDS = {"area": 60, "person_gender": 30}
REPORT_FIELDS = ("occurred_on", *CHOICE_FIELDS, *TEXT_FIELDS, *TRI_STATE_FIELDS)


def clean_report_fields(data: dict, *, today: dt.date) -> dict:
    """Check a reversal report's answers. Missing answers stay empty; wrong ones are refused."""
    unknown = sorted(set(data) - set(REPORT_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown reversal report field: %(names)s.") % {"names": ", ".join(unknown)}
        )
    # Every field gets a value, the empty ones too: a correction replaces the answers, so
    # a date taken out must be cleared rather than left as it was.
    clean: dict = {"occurred_on": None}
    errors = []
    occurred_on = data.get("occurred_on")
    if isinstance(occurred_on, str) and occurred_on:
        try:
            occurred_on = dt.date.fromisoformat(occurred_on)
        except ValueError:
            errors.append(_("Give the overdose date as a date, like 2025-03-14."))
            occurred_on = None
    if occurred_on:
        if occurred_on > today:
            errors.append(_("The overdose date is in the future. Check it."))
        elif occurred_on < today - dt.timedelta(days=366):
            errors.append(_("The overdose date is more than a year ago. Check it."))
        else:
            clean["occurred_on"] = occurred_on
    for name, allowed in CHOICE_FIELDS.items():
        value = data.get(name) or ""
        if value and value not in allowed:
            errors.append(
                _("Choose one of the listed answers for “%(field)s”.")
                % {"field": OverdoseReport._meta.get_field(name).verbose_name}
            )
        clean[name] = value
    for name, length in TEXT_FIELDS.items():
        value = str(data.get(name) or "").replace("\x00", "").strip()
        if len(value) > length:
            errors.append(
                _("“%(field)s” is too long (at most %(max)d characters).")
                % {"field": OverdoseReport._meta.get_field(name).verbose_name, "max": length}
            )
        clean[name] = value[:length]
    for name in TRI_STATE_FIELDS:
        value = data.get(name)
        if value not in (None, True, False):
            errors.append(
                _("Answer yes, no or not known for “%(field)s”.")
                % {"field": OverdoseReport._meta.get_field(name).verbose_name}
            )
            value = None
        clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


def create_report(*, encounter, fields: dict, actor, actor_label: str = "") -> OverdoseReport:
    """Store a reversal report told at ``encounter``. Call inside the visit's transaction;
    ``actor_label`` names who wrote it when that is not a signed-in member (a device)."""
    report = OverdoseReport.unscoped.create(
        program=encounter.program,
        site=encounter.site,
        encounter=encounter,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    log_event(
        "overdose_report.create",
        actor=actor,
        actor_label=actor_label,
        obj=report,
        extra={"encounter": encounter.pk},
    )
    return report


def void_report(report: OverdoseReport, *, actor, reason: str, actor_label: str = "") -> None:
    """Withdraw a report with its visit. Call inside the visit's transaction."""
    if report.voided_at is not None:
        return
    report.voided_at = timezone.now()
    report.save(update_fields=["voided_at"])
    log_event(
        "overdose_report.void",
        actor=actor,
        actor_label=actor_label,
        obj=report,
        extra={"reason": reason},
    )


def update_report(
    report: OverdoseReport, *, fields: dict, actor, actor_label: str = ""
) -> OverdoseReport:
    """Replace a report's answers (the visit it belongs to was corrected)."""
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    log_event(
        "overdose_report.update",
        actor=actor,
        actor_label=actor_label,
        obj=report,
        extra={"encounter": report.encounter_id},
    )
    return report
