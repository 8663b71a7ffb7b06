"""Subjects for list and search events written before subjects existed.

Those events kept the ids of the records they showed in ``extra["ids"]`` (the visit
history: visit ids). Events already scrubbed have none left and get none.
"""

from django.db import migrations

PARTICIPANT = "participants.participant"
ENCOUNTER = "encounters.encounter"
SHOWN = {
    "participant.list": PARTICIPANT,
    "participant.search": PARTICIPANT,
    "participant.candidates": PARTICIPANT,
    "window.search": PARTICIPANT,
    "encounter.list": ENCOUNTER,
    "encounter.history": ENCOUNTER,
}
BATCH = 1000


def add_subjects(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditSubject = apps.get_model("audit", "AuditSubject")
    events = (
        AuditEvent.objects.filter(action__in=SHOWN, scrubbed_at__isnull=True, extra__has_key="ids")
        .values_list("pk", "action", "extra")
        .order_by("pk")
    )
    rows = []
    for pk, action, extra in events.iterator(chunk_size=BATCH):
        ids = extra.get("ids") if isinstance(extra, dict) else None
        for record in dict.fromkeys(ids if isinstance(ids, list) else []):
            if isinstance(record, int | str) and str(record):
                rows.append(
                    AuditSubject(event_id=pk, object_type=SHOWN[action], object_id=str(record))
                )
        if len(rows) >= BATCH:
            AuditSubject.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    AuditSubject.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_subjects_append_only_on_postgresql")]

    operations = [migrations.RunPython(add_subjects, migrations.RunPython.noop, elidable=True)]
