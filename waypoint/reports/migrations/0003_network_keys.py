"""Person-days carry a network key number instead of the key. Stored person-days are
dropped and every program reads the raw visits until ``rebuild_rollups`` runs."""

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


def forget_built(apps, schema_editor):
    apps.get_model("reports", "RollupState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("participants", "0002_uic_settings_consents_cards"),
        ("reports", "0002_daily_rollups"),
    ]

    operations = [
        migrations.RunPython(forget_built, migrations.RunPython.noop),
        migrations.DeleteModel(name="ParticipantDay"),
        migrations.CreateModel(
            name="NetworkKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="ParticipantDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
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
                        to="reports.networkkey",
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
                (
                    "program",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.program",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.site",
                    ),
                ),
            ],
            options={
                "base_manager_name": "unscoped",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("program", "day", "site", "modality", "person"),
                        name="participant_day_key",
                    )
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped", django.db.models.manager.Manager()),
            ],
        ),
    ]
