"""Report settings: the population estimates behind syringe coverage, per program and
per network, and the community page. (The daily rollups reports read are the
encounters app's: ``waypoint/encounters/rollups/models.py``.)"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


class CoverageEstimate(models.Model):
    """An estimate of people who inject drugs in an area, and the coverage levels that
    syringes per person per year are judged by."""

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

    class Meta:
        abstract = True

    def clean(self) -> None:
        low, high = self.coverage_low_below, self.coverage_high_above
        if low is not None and high is not None and high < low:
            raise ValidationError(
                _("The high-coverage figure must be at least the low-coverage figure.")
            )


class ReportSettings(CoverageEstimate, ProgramOwned):
    """A program without a row uses the defaults (no population estimate)."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="report_settings"
    )
    community_page = models.BooleanField(
        _("publish a community page"),
        default=False,
        help_text=_(
            "A public page, with no sign-in, showing this program's figures for the last "
            "four full quarters. Small numbers are hidden, as in every published report."
        ),
    )
    quarter_email = models.BooleanField(
        _("email the reports when a quarter ends"),
        default=True,
        help_text=_(
            "On the first day of each quarter, admins and coordinators get an email with "
            "links to the last quarter's reports. It holds no figures."
        ),
    )
    community_message = models.TextField(
        _("message on the community page"),
        max_length=600,
        blank=True,
        help_text=_("Optional. For example a thank-you to participants, or where to find you."),
    )

    class Meta(ProgramOwned.Meta):
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"report settings of {self.program_id}"


class NetworkReportSettings(CoverageEstimate):
    """A network's estimate of people who inject drugs in the whole area its programs
    serve, for coverage across the network. Set by the network's analysts; holds no
    person-level data."""

    network = models.OneToOneField(
        "core.Network", on_delete=models.CASCADE, related_name="report_settings"
    )

    class Meta:
        verbose_name = _("network report settings")
        verbose_name_plural = _("network report settings")

    def __str__(self) -> str:
        return str(self.network)
