"""On PostgreSQL, the audit table refuses UPDATE and DELETE, whoever asks (等保 level 3: audit records protected).

The one exception is `manage.py purge_audit`: it sets `zhuzhou.audit_purge = 'on'` for its own
transaction (SET LOCAL), and even then only rows older than the retention period (6 months) may go.
The same guard is in the command's code. TRUNCATE is left to the database owner (the test runner empties
tables with it); production revokes it from the application role (README, "Security").
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION zhuzhou_audit_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('zhuzhou.audit_purge', true) = 'on'
       AND OLD."timestamp" < now() - interval '6 months' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log rows cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege', DETAIL = TG_OP || ' of auditlog_logentry id ' || OLD.id;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS auditlog_logentry_immutable ON auditlog_logentry;
CREATE TRIGGER auditlog_logentry_immutable
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION zhuzhou_audit_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS auditlog_logentry_immutable ON auditlog_logentry;
DROP FUNCTION IF EXISTS zhuzhou_audit_guard();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_security"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create, drop)]
