"""On PostgreSQL a trigger refuses UPDATE and DELETE of audit log rows.

The application has no path that changes an entry (townhall.identity.models:
AppendOnlyQuerySet, AuditEntry.save/delete); the trigger keeps a script, a shell or a
mistaken query from doing so either. TRUNCATE (a table owner's deliberate act, and how test
databases are emptied) is not refused. Other databases get no trigger (SQLite's DELETE
would also fire on Django's flush of test databases).
"""

from django.db import migrations

UP = """
CREATE OR REPLACE FUNCTION identity_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER identity_audit_no_update_delete
    BEFORE UPDATE OR DELETE ON identity_auditentry
    FOR EACH ROW EXECUTE FUNCTION identity_audit_append_only();
"""
DOWN = """
DROP TRIGGER IF EXISTS identity_audit_no_update_delete ON identity_auditentry;
DROP FUNCTION IF EXISTS identity_audit_append_only();
"""


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only (a no-op elsewhere)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]

    operations = [PostgresOnlySQL(UP, DOWN, elidable=False)]
