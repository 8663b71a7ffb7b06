"""Participants: anonymous by default. No name, ID document or date of birth is ever required."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramScopedManager


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged into another record")
    DECEASED = "deceased", _("Deceased")
    OPTED_OUT = "opted_out", _("Opted out")


class Participant(models.Model):
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="participants")
    # The unique identifier code, normalized, built from the program's recipe.
    code = models.CharField(_("participant code"), max_length=40)
    # Short random number printed on the participant card (with a QR code).
    card_number = models.CharField(_("card number"), max_length=12, blank=True)
    alias = models.CharField(_("alias or nickname"), max_length=60, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=30, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    # Keyed HMAC of the normalized code: counts people across a network without sharing codes.
    network_key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ParticipantStatus.choices, default=ParticipantStatus.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_visit_at = models.DateTimeField(null=True, blank=True)

    objects = ProgramScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="participant_code_unique_in_program"),
        ]
        indexes = [models.Index(fields=["program", "card_number"], name="participant_card")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.alias and f"{self.code} ({self.alias})" or self.code

    @property
    def can_visit(self) -> bool:
        return self.status == ParticipantStatus.ACTIVE
