"""Overdose reversals reported by participants (STANDARDS §4). Every field is optional
except how it was reported: people tell what they know, and only that is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


class Relationship(models.TextChoices):
    FRIEND = "friend", _("Friend")
    PARTNER_FAMILY = "partner_family", _("Partner or family")
    STRANGER = "stranger", _("Stranger")
    SELF = "self", _("The participant themself")
    UNKNOWN = "unknown", _("Not known")


class Setting(models.TextChoices):
    PUBLIC = "public", _("Public place")
    PRIVATE = "private", _("Private place")
    UNKNOWN = "unknown", _("Not known")


class DosesUsed(models.TextChoices):
    ONE = "1", "1"
    TWO = "2", "2"
    THREE_PLUS = "3+", _("3 or more")
    UNKNOWN = "unknown", _("Not known")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", "18–24"
    AGE_25_34 = "25_34", "25–34"
    AGE_35_44 = "35_44", "35–44"
    AGE_45_54 = "45_54", "45–54"
    AGE_55_PLUS = "55_plus", _("55 or older")
    UNKNOWN = "unknown", _("Not known")


class OverdoseReport(ProgramOwned):
    """A participant's account of an overdose where they used naloxone."""

    program = models.ForeignKey(
        "core.Program", on_delete=models.PROTECT, related_name="overdose_reports"
    )
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    # The visit it was told at; a visit has at most one report that is not voided.
    encounter = models.ForeignKey(
        "encounters.Encounter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overdose_reports",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_on = models.DateField(_("date it happened"), null=True, blank=True)
    area = models.CharField(_("ZIP code or area"), max_length=60, blank=True)
    relationship = models.CharField(
        _("who the person was"), max_length=20, choices=Relationship.choices, blank=True
    )
    setting = models.CharField(_("where"), max_length=10, choices=Setting.choices, blank=True)
    naloxone_doses = models.CharField(
        _("naloxone doses used"), max_length=10, choices=DosesUsed.choices, blank=True
    )
    naloxone_worked = models.BooleanField(_("naloxone worked"), null=True, blank=True)
    called_911 = models.BooleanField(_("911 was called"), null=True, blank=True)
    ems_arrived = models.BooleanField(_("EMS arrived"), null=True, blank=True)
    rescue_breathing = models.BooleanField(_("rescue breathing given"), null=True, blank=True)
    stayed_with_person = models.BooleanField(_("stayed with the person"), null=True, blank=True)
    transported = models.BooleanField(_("taken to hospital"), null=True, blank=True)
    person_age = models.CharField(
        _("age of the person"), max_length=10, choices=AgeBand.choices, blank=True
    )
    person_gender = models.CharField(_("gender of the person"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("overdose reversal report")
        verbose_name_plural = _("overdose reversal reports")

    def __str__(self) -> str:
        return f"overdose report {self.pk}"

    @property
    def counts_as_reversal(self) -> bool:
        """Self-administration is not counted as a reversal (STANDARDS §4)."""
        return self.voided_at is None and self.relationship != Relationship.SELF


TRI_STATE_FIELDS = (
    "naloxone_worked",
    "called_911",
    "ems_arrived",
    "rescue_breathing",
    "stayed_with_person",
    "transported",
)
