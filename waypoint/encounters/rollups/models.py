"""The daily rollups' tables: what each day's visits add up to, kept exact by the visit
write path (``writes``) in the same transaction as the visit. A day is a day in the
program's time zone (settings.TIME_ZONE). Rows are keyed by program, day, site and how
people were served; a row whose visits all went away is deleted, so the tables hold
exactly what a rebuild from the raw visits would (``rebuild``).

The models belong to the encounters app (imported by ``waypoint/encounters/models.py``)
and keep the tables they were created with in the reports app (``reports_dailyrollup``
and so on): reports read them, the visits write them. On PostgreSQL their ``day``
columns also have block-range indexes (``reports_dailyrollup_day_brin`` …), made by
reports' migration 0004 in SQL and so not part of the models.
"""

from __future__ import annotations

from django.db import models

from waypoint.core.scoping import ProgramOwned


class RollupState(ProgramOwned):
    """Present when a program's rollups hold its whole history: built by
    ``rebuild_rollups``, or kept by the write path from the program's first visit on.
    Reports of a program without one read the raw visits."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="rollup_state"
    )
    built_at = models.DateTimeField()

    class Meta(ProgramOwned.Meta):
        db_table = "reports_rollupstate"

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
        db_table = "reports_dailyrollup"
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
        db_table = "reports_dailyitemrollup"
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
        db_table = "reports_dailyservicerollup"
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

    class Meta:
        db_table = "reports_networkkey"

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
        db_table = "reports_participantday"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "day", "site", "modality", "person"],
                name="participant_day_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} @ {self.site_id}: {self.person_id}"
