"""The daily rollups' models leave reports for encounters (its 0003, which this follows):
removed from Django's state only, their tables and rows stay for encounters' models."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("encounters", "0003_daily_rollups"),
        ("reports", "0007_quarter_email"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                # Person-days first: they refer to the network keys.
                migrations.DeleteModel(name="ParticipantDay"),
                migrations.DeleteModel(name="NetworkKey"),
                migrations.DeleteModel(name="DailyServiceRollup"),
                migrations.DeleteModel(name="DailyItemRollup"),
                migrations.DeleteModel(name="DailyRollup"),
                migrations.DeleteModel(name="RollupState"),
            ],
        ),
    ]
