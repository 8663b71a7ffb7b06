"""Per-program report settings: the population estimate behind syringe coverage."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramScopedManager


class ReportSettings(models.Model):
    """A program without a row uses the defaults (no population estimate)."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="report_settings"
    )
    pwid_population = models.PositiveIntegerField(
        _("people who inject drugs in the area served"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000_000)],
        help_text=_(
            "An estimate, for example from the health department. Leave empty if you have "
            "none: syringe coverage is then not calculated."
        ),
    )
    area_name = models.CharField(
        _("area the estimate covers"),
        max_length=120,
        blank=True,
        help_text=_("For example a county or a city."),
    )
    coverage_low_below = models.PositiveIntegerField(
        _("low coverage: fewer syringes per person a year than"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    coverage_high_above = models.PositiveIntegerField(
        _("high coverage: more syringes per person a year than"),
        default=200,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"report settings of {self.program_id}"

    def clean(self) -> None:
        low, high = self.coverage_low_below, self.coverage_high_above
        if low is not None and high is not None and high < low:
            raise ValidationError(
                _("The high-coverage figure must be at least the low-coverage figure.")
            )
