"""The audit trail: append-only; retention scrubs personal data, never deletes events.

An event about one record names it (``object_type``/``object_id``). An event for a list
or a search has one ``AuditSubject`` per record it showed, so that "who has seen this
record" is one indexed lookup; those rows link a person to a reader and go with the
event's details when retention scrubs it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


class AuditError(RuntimeError):
    """An attempt to change or delete an audit event."""


class AuditEvent(ProgramOwned):
    program = models.ForeignKey(
        "core.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the actor was when the event happened ("user 12", "device 3", "public").
    actor_label = models.CharField(max_length=120, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    request_id = models.CharField(max_length=36, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    scrubbed_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["program", "-occurred_at"], name="audit_program_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditError("Audit events are never deleted; retention scrubs them.")


class AuditSubject(ProgramOwned):
    """One record shown by a list or search event (the event's program is its program)."""

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="subjects")
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)

    program_path = "event__program"

    class Meta(ProgramOwned.Meta):
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_subject_object")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditError("Audit subjects are never changed.")
        super().save(*args, **kwargs)
