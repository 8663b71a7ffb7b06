"""On PostgreSQL, the database keeps the records a list or search showed as fixed as the
event that showed them.

A subject row is never changed, and it is deleted only once its event has been scrubbed
by retention (the scrub deletes them in the same transaction): whoever asks, a queryset
``update()``/``delete()`` or a direct SQL session, cannot rewrite which records a reader
was shown, nor remove one while the event still holds its details.

SQLite gets no trigger, for the reasons given in 0002.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_auditsubject_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit subjects are never changed (subject %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM audit_auditevent WHERE id = OLD.event_id AND scrubbed_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'audit subjects are deleted only when retention scrubs their event (subject %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER audit_auditsubject_append_only
    BEFORE UPDATE OR DELETE ON audit_auditsubject
    FOR EACH ROW EXECUTE FUNCTION audit_auditsubject_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditsubject_append_only ON audit_auditsubject;
DROP FUNCTION IF EXISTS audit_auditsubject_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_subjects")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
