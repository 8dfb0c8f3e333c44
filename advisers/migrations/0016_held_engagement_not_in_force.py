"""An engagement with a conflict finding still waiting for the bureau is never in force, in the database too.

The CHECK `engagement_held_not_in_force` ties a held engagement's status to the status it returns to; what
holds it is another table's rows (its open findings), which a CHECK cannot read. Two triggers refuse the
rest, whatever writes it: putting an engagement in force (active, renewed) while a finding of it is open,
and raising an open finding on an engagement in force (the service holds the engagement first). Both raise
an integrity error (SQLite: a constraint failure; PostgreSQL: SQLSTATE 23514 check_violation).
"""

from django.db import migrations

MESSAGE = "engagement held for conflict-of-interest review is in force"
IN_FORCE = "('active', 'renewed')"
OPEN_FINDING = "SELECT 1 FROM advisers_conflictfinding f WHERE f.engagement_id = NEW.id AND f.status = 'open'"
IN_FORCE_ENGAGEMENT = f"SELECT 1 FROM advisers_engagement e WHERE e.id = NEW.engagement_id AND e.status IN {IN_FORCE}"
# table, events (PostgreSQL), events per SQLite trigger, condition
TRIGGERS = [
    (
        "advisers_engagement",
        "INSERT OR UPDATE OF status",
        [("INSERT", "insert"), ("UPDATE OF status", "update")],
        f"NEW.status IN {IN_FORCE} AND EXISTS ({OPEN_FINDING})",
    ),
    (
        "advisers_conflictfinding",
        "INSERT OR UPDATE OF status, engagement_id",
        [("INSERT", "insert"), ("UPDATE OF status, engagement_id", "update")],
        f"NEW.status = 'open' AND EXISTS ({IN_FORCE_ENGAGEMENT})",
    ),
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, events, sqlite_events, condition in TRIGGERS:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {table}_held_not_in_force() RETURNS trigger AS $$ BEGIN "
                f"IF {condition} THEN "
                f"RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_held_not_in_force BEFORE {events} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_held_not_in_force()"
            )
        elif vendor == "sqlite":
            for event, name in sqlite_events:
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_held_not_in_force_{name} BEFORE {event} ON {table} "
                    f"WHEN {condition} "
                    f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {MESSAGE}'); END"
                )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _events, sqlite_events, _condition in TRIGGERS:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_held_not_in_force ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_held_not_in_force()")
        elif vendor == "sqlite":
            for _event, name in sqlite_events:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_held_not_in_force_{name}")


class Migration(migrations.Migration):
    dependencies = [("advisers", "0015_conflict_review_schedule")]

    operations = [migrations.RunPython(create, drop)]
