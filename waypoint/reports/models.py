"""Report settings (the population estimates behind syringe coverage, per program and
per network, and the community page) and the daily rollups."""

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


# Daily rollups: what each day's visits add up to, kept exact by the visit write path
# (``waypoint.reports.rollups``) in the same transaction as the visit. A day is a day in
# the program's time zone (settings.TIME_ZONE). Rows are keyed by program, day, site and
# how people were served; a row whose visits all went away is deleted, so the tables
# hold exactly what a rebuild from the raw visits would.


class RollupState(ProgramOwned):
    """Present when a program's rollups hold its whole history: built by
    ``rebuild_rollups``, or kept by the write path from the program's first visit on.
    Reports of a program without one read the raw visits."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="rollup_state"
    )
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"rollups of {self.program_id} since {self.built_at:%Y-%m-%d}"


class DailyRollup(ProgramOwned):
    """Sums over the visits (not voided) of one program, day, site and modality."""

    # The key's first column: no index of its own.
    program = models.ForeignKey(
        "core.Program", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    site = models.ForeignKey("core.Site", on_delete=models.CASCADE, related_name="+")
    modality = models.CharField(max_length=20)
    # Plain integers: a transaction adds and subtracts within one statement's row.
    visits = models.IntegerField(default=0)
    anonymous_visits = models.IntegerField(default=0)
    syringes_given = models.BigIntegerField(default=0)
    syringes_collected = models.BigIntegerField(default=0)
    syringes_collected_estimated = models.BigIntegerField(default=0)
    visits_with_returns = models.IntegerField(default=0)
    secondary_visits = models.IntegerField(default=0)
    secondary_recipients = models.IntegerField(default=0)
    naloxone_doses = models.BigIntegerField(default=0)
    naloxone_visits = models.IntegerField(default=0)
    naloxone_anonymous_visits = models.IntegerField(default=0)
    # Refills, by what happened to the last kit (one column per KitOutcome).
    kit_used_overdose = models.IntegerField(default=0)
    kit_expired = models.IntegerField(default=0)
    kit_lost = models.IntegerField(default=0)
    kit_still_have = models.IntegerField(default=0)
    kit_gave_away = models.IntegerField(default=0)
    kit_unknown = models.IntegerField(default=0)

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["program", "day", "site", "modality"], name="daily_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} @ {self.site_id} ({self.modality}): {self.visits} visits"


class DailyItemRollup(ProgramOwned):
    """Units of one catalog item given at the visits of one program, day, site and
    modality. Categories and syringes per unit are read from the catalog when a report
    is made, as they are for the raw visits."""

    # The key's first column: no index of its own.
    program = models.ForeignKey(
        "core.Program", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    site = models.ForeignKey("core.Site", on_delete=models.CASCADE, related_name="+")
    modality = models.CharField(max_length=20)
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.CASCADE, related_name="+")
    units_given = models.BigIntegerField(default=0)

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["program", "day", "site", "modality", "item"], name="daily_item_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} @ {self.site_id}: {self.units_given} × {self.item_id}"


class DailyServiceRollup(ProgramOwned):
    """Visits where a service was recorded, per program, day, site and modality."""

    # The key's first column: no index of its own.
    program = models.ForeignKey(
        "core.Program", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    site = models.ForeignKey("core.Site", on_delete=models.CASCADE, related_name="+")
    modality = models.CharField(max_length=20)
    service = models.CharField(max_length=30)
    visits = models.IntegerField(default=0)

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["program", "day", "site", "modality", "service"],
                name="daily_service_rollup_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} @ {self.site_id}: {self.visits} × {self.service}"


class NetworkKey(models.Model):
    """A participant network key, numbered once. Person-days carry the number, so
    people are counted across a network over small integers instead of 64-character
    keys (the count of distinct people is the costly part of a report)."""

    key = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"network key {self.pk}"


class ParticipantDay(ProgramOwned):
    """One person with a record who visited on a day (at a site, in a modality): people
    served in a period are the distinct persons over its days, without reading visits.

    ``person`` is the record visits count for (the record it was merged into, if any)
    and ``key`` that record's network key; merging records re-points the rows."""

    # The key's first column: no index of its own.
    program = models.ForeignKey(
        "core.Program", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    site = models.ForeignKey("core.Site", on_delete=models.CASCADE, related_name="+")
    modality = models.CharField(max_length=20)
    person = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="+"
    )
    key = models.ForeignKey(NetworkKey, on_delete=models.PROTECT, related_name="+", db_index=False)
    visits = models.IntegerField(default=0)
    naloxone_visits = models.IntegerField(default=0)

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["program", "day", "site", "modality", "person"],
                name="participant_day_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} @ {self.site_id}: {self.person_id}"
