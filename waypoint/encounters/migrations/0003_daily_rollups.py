"""The daily rollups' models move from reports to encounters, which writes them; their
tables stay as they are (``reports_dailyrollup`` and so on, with their rows, constraints
and, on PostgreSQL, the BRIN indexes of reports' 0004). Django's state only: reports'
0008 removes the models from reports, this creates them here, and neither touches the
database."""

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models

SCOPED_MANAGERS = [
    ("objects", django.db.models.manager.Manager()),
    ("unscoped", django.db.models.manager.Manager()),
]


def _id():
    return models.BigAutoField(
        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
    )


def _program():
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="core.program",
    )


def _site():
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.site"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("encounters", "0002_initial"),
        ("participants", "0002_uic_settings_consents_cards"),
        ("reports", "0007_quarter_email"),
        ("supplies", "0002_inventory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="RollupState",
                    fields=[
                        ("id", _id()),
                        ("built_at", models.DateTimeField()),
                        (
                            "program",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rollup_state",
                                to="core.program",
                            ),
                        ),
                    ],
                    options={"db_table": "reports_rollupstate", "base_manager_name": "unscoped"},
                    managers=SCOPED_MANAGERS,
                ),
                migrations.CreateModel(
                    name="DailyRollup",
                    fields=[
                        ("id", _id()),
                        ("day", models.DateField()),
                        ("modality", models.CharField(max_length=20)),
                        ("visits", models.IntegerField(default=0)),
                        ("anonymous_visits", models.IntegerField(default=0)),
                        ("syringes_given", models.BigIntegerField(default=0)),
                        ("syringes_collected", models.BigIntegerField(default=0)),
                        ("syringes_collected_estimated", models.BigIntegerField(default=0)),
                        ("visits_with_returns", models.IntegerField(default=0)),
                        ("secondary_visits", models.IntegerField(default=0)),
                        ("secondary_recipients", models.IntegerField(default=0)),
                        ("naloxone_doses", models.BigIntegerField(default=0)),
                        ("naloxone_visits", models.IntegerField(default=0)),
                        ("naloxone_anonymous_visits", models.IntegerField(default=0)),
                        ("kit_used_overdose", models.IntegerField(default=0)),
                        ("kit_expired", models.IntegerField(default=0)),
                        ("kit_lost", models.IntegerField(default=0)),
                        ("kit_still_have", models.IntegerField(default=0)),
                        ("kit_gave_away", models.IntegerField(default=0)),
                        ("kit_unknown", models.IntegerField(default=0)),
                        ("program", _program()),
                        ("site", _site()),
                    ],
                    options={
                        "db_table": "reports_dailyrollup",
                        "base_manager_name": "unscoped",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("program", "day", "site", "modality"),
                                name="daily_rollup_key",
                            )
                        ],
                    },
                    managers=SCOPED_MANAGERS,
                ),
                migrations.CreateModel(
                    name="DailyItemRollup",
                    fields=[
                        ("id", _id()),
                        ("day", models.DateField()),
                        ("modality", models.CharField(max_length=20)),
                        ("units_given", models.BigIntegerField(default=0)),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="supplies.supplyitem",
                            ),
                        ),
                        ("program", _program()),
                        ("site", _site()),
                    ],
                    options={
                        "db_table": "reports_dailyitemrollup",
                        "base_manager_name": "unscoped",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("program", "day", "site", "modality", "item"),
                                name="daily_item_rollup_key",
                            )
                        ],
                    },
                    managers=SCOPED_MANAGERS,
                ),
                migrations.CreateModel(
                    name="DailyServiceRollup",
                    fields=[
                        ("id", _id()),
                        ("day", models.DateField()),
                        ("modality", models.CharField(max_length=20)),
                        ("service", models.CharField(max_length=30)),
                        ("visits", models.IntegerField(default=0)),
                        ("program", _program()),
                        ("site", _site()),
                    ],
                    options={
                        "db_table": "reports_dailyservicerollup",
                        "base_manager_name": "unscoped",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("program", "day", "site", "modality", "service"),
                                name="daily_service_rollup_key",
                            )
                        ],
                    },
                    managers=SCOPED_MANAGERS,
                ),
                migrations.CreateModel(
                    name="NetworkKey",
                    fields=[
                        ("id", _id()),
                        ("key", models.CharField(max_length=64, unique=True)),
                    ],
                    options={"db_table": "reports_networkkey"},
                ),
                migrations.CreateModel(
                    name="ParticipantDay",
                    fields=[
                        ("id", _id()),
                        ("day", models.DateField()),
                        ("modality", models.CharField(max_length=20)),
                        ("visits", models.IntegerField(default=0)),
                        ("naloxone_visits", models.IntegerField(default=0)),
                        (
                            "key",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="encounters.networkkey",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="participants.participant",
                            ),
                        ),
                        ("program", _program()),
                        ("site", _site()),
                    ],
                    options={
                        "db_table": "reports_participantday",
                        "base_manager_name": "unscoped",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("program", "day", "site", "modality", "person"),
                                name="participant_day_key",
                            )
                        ],
                    },
                    managers=SCOPED_MANAGERS,
                ),
            ],
        ),
    ]
