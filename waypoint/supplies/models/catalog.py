"""The catalog: what a program hands out, and the categories reports count it by."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


class SupplyCategory(models.TextChoices):
    SYRINGES = "syringes", _("Syringes")
    INJECTION_EQUIPMENT = "injection_equipment", _("Other injection equipment")
    NALOXONE = "naloxone", _("Naloxone")
    TEST_STRIPS = "test_strips", _("Test strips")
    SAFER_SMOKING = "safer_smoking", _("Safer smoking")
    WOUND_CARE = "wound_care", _("Wound care")
    SEXUAL_HEALTH = "sexual_health", _("Sexual health")
    HYGIENE = "hygiene", _("Hygiene")
    DISPOSAL = "disposal", _("Disposal")
    EDUCATION = "education", _("Education")


class SupplyItem(ProgramOwned):
    """Something a program hands out, counted in ``unit`` (a 20-syringe kit is one unit)."""

    program = models.ForeignKey(
        "core.Program", on_delete=models.PROTECT, related_name="supply_items"
    )
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=30, choices=SupplyCategory.choices)
    unit = models.CharField(
        _("unit"),
        max_length=40,
        default="each",
        help_text=_("What one counts as: each, kit, box, pack."),
    )
    syringes_per_unit = models.PositiveIntegerField(
        _("syringes per unit"),
        default=0,
        validators=[MaxValueValidator(10_000)],
        help_text=_("A 20-syringe kit counts 20. Zero for items without syringes."),
    )
    naloxone_doses_per_unit = models.PositiveSmallIntegerField(
        _("naloxone doses per unit"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("A two-dose nasal spray kit counts 2."),
    )
    max_per_visit = models.PositiveIntegerField(
        _("most given in one visit"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("A larger number is refused as a likely typing mistake."),
    )
    is_quick = models.BooleanField(
        _("quick item"),
        default=False,
        help_text=_("Shown first at the window, with + and − buttons."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    reorder_point = models.PositiveIntegerField(
        _("reorder point"),
        default=0,
        validators=[MaxValueValidator(10_000_000)],
        help_text=_("A site with fewer than this on hand is listed as low. Zero turns it off."),
    )
    tracks_lots = models.BooleanField(
        _("tracks lots and expiry"),
        default=False,
        help_text=_("For naloxone, test strips and anything else with a lot number and a date."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-is_quick", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="supply_item_name_unique_in_program"
            ),
        ]
        verbose_name = _("supply item")
        verbose_name_plural = _("supply items")

    def __str__(self) -> str:
        return self.name
