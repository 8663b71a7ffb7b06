"""On PostgreSQL, the database itself keeps audit events append-only.

``AuditEvent.save()``/``delete()`` refuse changes, but a queryset ``update()``/``delete()``
or a direct SQL session would not go through them. This trigger refuses, for every
client: deleting an event; changing what happened, to what, when and by whom; and any
change to the personal details other than retention scrubbing (``extra`` emptied,
``ip_address`` cleared, ``scrubbed_at`` set once). Deleting a user may still clear
``actor_id`` (``on_delete=SET_NULL``); ``actor_label`` keeps who it was.

SQLite gets no trigger: its test databases are emptied with DELETE between
transactional tests, and it is the single-machine default, not the shared server.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit events are never deleted; retention scrubs them (event %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id
        OR NEW.program_id IS DISTINCT FROM OLD.program_id
        OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
        OR NEW.actor_label IS DISTINCT FROM OLD.actor_label
        OR NEW.action IS DISTINCT FROM OLD.action
        OR NEW.object_type IS DISTINCT FROM OLD.object_type
        OR NEW.object_id IS DISTINCT FROM OLD.object_id
        OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
        OR NEW.request_id IS DISTINCT FROM OLD.request_id
    THEN
        RAISE EXCEPTION 'audit events are append-only (event %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.extra IS DISTINCT FROM OLD.extra AND NEW.extra <> '{}'::jsonb)
        OR (NEW.ip_address IS DISTINCT FROM OLD.ip_address AND NEW.ip_address IS NOT NULL)
        OR (OLD.scrubbed_at IS NOT NULL AND NEW.scrubbed_at IS DISTINCT FROM OLD.scrubbed_at)
        OR ((NEW.extra IS DISTINCT FROM OLD.extra OR NEW.ip_address IS DISTINCT FROM OLD.ip_address)
            AND NEW.scrubbed_at IS NULL)
    THEN
        RAISE EXCEPTION 'audit event details may only be removed by retention scrubbing (event %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
