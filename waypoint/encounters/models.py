"""Visits: what was given and collected, which services, where and how."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Modality
from waypoint.core.scoping import ProgramOwned

# The daily rollups' tables are this app's models too: imported here to be registered.
from .rollups.models import (  # noqa: F401
    DailyItemRollup,
    DailyRollup,
    DailyServiceRollup,
    NetworkKey,
    ParticipantDay,
    RollupState,
)


class VisitService(models.TextChoices):
    HIV_TEST = "hiv_test", _("HIV test")
    HCV_TEST = "hcv_test", _("Hepatitis C test")
    STI_TEST = "sti_test", _("STI test")
    WOUND_CARE = "wound_care", _("Wound care")
    VACCINE = "vaccine", _("Vaccine")
    COUNSELLING = "counselling", _("Counselling")
    MOUD_INFO = "moud_info", _("Information on treatment (MOUD)")
    DRUG_CHECKING = "drug_checking", _("Drug checking")
    NALOXONE_TRAINING = "naloxone_training", _("Naloxone training")
    BASIC_NEEDS = "basic_needs", _("Food, water or hygiene")


class KitOutcome(models.TextChoices):
    """What happened to the last naloxone kit, asked at a refill (STANDARDS §4)."""

    USED_OVERDOSE = "used_overdose", _("Used in an overdose")
    EXPIRED = "expired", _("Expired")
    LOST = "lost", _("Lost or taken")
    STILL_HAVE = "still_have", _("Still have it")
    GAVE_AWAY = "gave_away", _("Gave it to someone")
    UNKNOWN = "unknown", _("Not known")


class CollectionMethod(models.TextChoices):
    NONE = "", _("None returned")
    COUNT = "count", _("Counted")
    CONTAINER = "container", _("By container size")
    WEIGHT = "weight", _("By weight")


class Encounter(ProgramOwned):
    """One visit. ``participant`` is empty for an anonymous visit."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="encounters")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="encounters")
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="encounters",
    )
    occurred_at = models.DateTimeField(_("time of visit"))
    modality = models.CharField(_("how"), max_length=20, choices=Modality.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.ForeignKey(
        "accounts.DeviceToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Idempotency key chosen by the client (form render, offline device).
    client_uuid = models.UUIDField()
    # Hash of the request that created the visit: a replay must match it.
    fingerprint = models.CharField(max_length=64, blank=True)
    secondary_recipients = models.PositiveSmallIntegerField(
        _("people supplied through this participant"), default=0
    )
    syringes_given = models.PositiveIntegerField(default=0)
    naloxone_doses_given = models.PositiveIntegerField(default=0)
    syringes_collected = models.PositiveIntegerField(_("used syringes returned"), default=0)
    collection_method = models.CharField(
        _("how returns were measured"), max_length=10, choices=CollectionMethod.choices, blank=True
    )
    # What staff entered for returns: {"count": 40} | {"container": "1 quart", "containers": 2}
    # | {"pounds": "1.5"}; the estimate is in syringes_collected.
    collection_detail = models.JSONField(default=dict, blank=True)
    kit_outcome = models.CharField(
        _("last naloxone kit"), max_length=20, choices=KitOutcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "client_uuid"], name="encounter_client_uuid_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "-occurred_at"], name="encounter_participant_time"),
            models.Index(fields=["program", "site", "-occurred_at"], name="encounter_site_time"),
        ]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} @ {self.site_id}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Direction(models.TextChoices):
    GIVEN = "given", _("Given")
    COLLECTED = "collected", _("Collected")


class EncounterItem(ProgramOwned):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.GIVEN)

    program_path = "encounter__program"

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["encounter", "item", "direction"], name="one_line_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item_id}"


class EncounterService(ProgramOwned):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("service"), max_length=30, choices=VisitService.choices)

    program_path = "encounter__program"

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(fields=["encounter", "service"], name="one_service_per_visit"),
        ]

    def __str__(self) -> str:
        return self.service


def default_containers() -> list[dict]:
    # Estimates, to be checked by each program against the containers it hands out.
    return [
        {"label": "1 quart", "syringes": 100},
        {"label": "1 gallon", "syringes": 400},
        {"label": "2 gallon", "syringes": 800},
    ]


class VisitSettings(ProgramOwned):
    """Per-program settings of the window. A program without a row uses the defaults."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="visit_settings"
    )
    syringes_per_pound = models.DecimalField(
        _("used syringes per pound"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("281"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5000"))],
        help_text=_(
            "Used to estimate returns weighed on a scale (281 per pound is one program's figure)."
        ),
    )
    container_sizes = models.JSONField(
        _("sharps container sizes"), default=default_containers, blank=True
    )
    edit_window_hours = models.PositiveSmallIntegerField(
        _("hours a visit can be edited"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 31)],
    )
    future_minutes = models.PositiveSmallIntegerField(
        _("minutes a visit time may be ahead of the clock"),
        default=15,
        validators=[MaxValueValidator(24 * 60)],
    )

    class Meta(ProgramOwned.Meta):
        verbose_name = _("window settings")
        verbose_name_plural = _("window settings")

    def __str__(self) -> str:
        return f"window settings of {self.program_id}"

    @property
    def edit_window(self) -> dt.timedelta:
        return dt.timedelta(hours=self.edit_window_hours)

    def container_capacity(self, label: str) -> int | None:
        for size in self.container_sizes:
            if size.get("label") == label:
                return int(size.get("syringes", 0))
        return None
