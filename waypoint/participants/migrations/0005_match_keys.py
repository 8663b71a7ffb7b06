"""Lookup keys replace the 3-character blocks; every recipe adds suffix letters.

Existing participants get the keys of their code under their program's recipe now, as
``services.enrol_participant`` writes them for new ones (``matchkeys.keys`` is a pure
function of the recipe and the code).
"""

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models

from waypoint.participants import matchkeys, uic


def write_keys(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    MatchKey = apps.get_model("participants", "MatchKey")
    Settings = apps.get_model("participants", "ParticipantSettings")
    recipes = {}
    for row in Settings._base_manager.all():
        if row.recipe == uic.CUSTOM:
            recipes[row.program_id] = uic.custom_recipe(row.custom_components)
        else:
            recipes[row.program_id] = uic.PRESETS.get(row.recipe, uic.PRESETS[uic.DEFAULT_RECIPE])
    default = uic.PRESETS[uic.DEFAULT_RECIPE]
    batch = []
    rows = Participant._base_manager.values_list("pk", "program_id", "code").iterator()
    for pk, program_id, code in rows:
        recipe = recipes.get(program_id, default)
        batch += [
            MatchKey(program_id=program_id, participant_id=pk, value=value)
            for value in matchkeys.keys(recipe, code)
        ]
        if len(batch) >= 5000:
            MatchKey._base_manager.bulk_create(batch)
            batch = []
    MatchKey._base_manager.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("participants", "0004_consent_revoked_reason"),
    ]

    operations = [
        migrations.CreateModel(
            name="MatchKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField()),
            ],
            options={
                "abstract": False,
                "base_manager_name": "unscoped",
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped", django.db.models.manager.Manager()),
            ],
        ),
        migrations.RemoveIndex(
            model_name="participant",
            name="participant_block1",
        ),
        migrations.RemoveIndex(
            model_name="participant",
            name="participant_block2",
        ),
        migrations.RemoveIndex(
            model_name="participant",
            name="participant_block3",
        ),
        migrations.RemoveIndex(
            model_name="participant",
            name="participant_block4",
        ),
        migrations.RemoveIndex(
            model_name="participant",
            name="participant_block5",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="block1",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="block2",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="block3",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="block4",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="block5",
        ),
        migrations.RemoveField(
            model_name="participantsettings",
            name="custom_suffixes",
        ),
        migrations.AddField(
            model_name="participantsettings",
            name="expected_participants",
            field=models.PositiveIntegerField(
                default=5000,
                help_text="A rough guess of everyone enrolled over the next few years. It is used to warn about code recipes that would give many people the same code.",
                verbose_name="people the program expects to enrol",
            ),
        ),
        migrations.AlterField(
            model_name="participantsettings",
            name="recipe",
            field=models.CharField(
                choices=[
                    ("parents_dob", "Mother 2 + father 2 + birth order + date of birth (MMDDYYYY)"),
                    (
                        "gender_year_parents",
                        "Gender + birth year + 2 letters of each parent's first name",
                    ),
                    (
                        "surname_gender_day_year",
                        "Last name 2 + gender + day of birth + year of birth (2 digits)",
                    ),
                    (
                        "surname_mother_day_site",
                        "Last name 2 + mother 1 + day of birth + site letter",
                    ),
                    ("slk581", "SLK-581 (last name 2,3,5 + first name 2,3 + DDMMYYYY + sex)"),
                    ("custom", "Custom: choose the parts"),
                ],
                default="parents_dob",
                max_length=40,
                verbose_name="code recipe",
            ),
        ),
        migrations.AddField(
            model_name="matchkey",
            name="participant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="match_keys",
                to="participants.participant",
            ),
        ),
        migrations.AddField(
            model_name="matchkey",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.program"
            ),
        ),
        migrations.AddIndex(
            model_name="matchkey",
            index=models.Index(fields=["program", "value"], name="matchkey_lookup"),
        ),
        migrations.RunPython(write_keys, migrations.RunPython.noop),
    ]
