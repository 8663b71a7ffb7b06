"""Block-range (BRIN) indexes on the rollups' day, on PostgreSQL: rows are written in
day order (rebuilds sort them, visits arrive day by day), so a period of a whole
network reads only the blocks of its days, from an index of a few pages."""

from django.db import migrations

TABLES = (
    "reports_dailyrollup",
    "reports_dailyitemrollup",
    "reports_dailyservicerollup",
    "reports_participantday",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX {table}_day_brin ON {table} USING brin (day) "
            "WITH (autosummarize = on)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_day_brin")


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_network_keys")]

    operations = [migrations.RunPython(create, drop)]
