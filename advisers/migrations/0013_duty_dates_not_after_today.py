"""Duty records are never dated after today's Beijing date, in the database too.

A CHECK constraint cannot say "today" (SQLite refuses non-deterministic functions in one; PostgreSQL assumes
a CHECK is immutable), so a trigger on each duty table refuses an INSERT, or an UPDATE of the date, past the
database clock's Beijing date. Both raise an integrity error (SQLite: a constraint failure; PostgreSQL:
SQLSTATE 23514 check_violation), which the services turn into the field's message like any constraint.
"""

from django.db import migrations

TABLES = [
    "advisers_executivemeeting",
    "advisers_legalopinion",
    "advisers_lecture",
    "advisers_inspectionparticipation",
]
MESSAGE = "duty record dated after today (Beijing time)"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_date_not_after_today BEFORE INSERT OR UPDATE OF date ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION duty_date_not_after_today()"
            )
        elif vendor == "sqlite":
            for event, name in (("INSERT", "insert"), ("UPDATE OF date", "update")):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_date_not_after_today_{name} BEFORE {event} ON {table} "
                    "WHEN NEW.date > date('now', '+8 hours') "
                    f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {MESSAGE}'); END"
                )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_date_not_after_today ON {table}")
        elif vendor == "sqlite":
            for name in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_date_not_after_today_{name}")


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION duty_date_not_after_today() RETURNS trigger AS $$ BEGIN "
            "IF NEW.date > (now() AT TIME ZONE 'Asia/Shanghai')::date THEN "
            f"RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS duty_date_not_after_today()")


class Migration(migrations.Migration):
    dependencies = [("advisers", "0012_adviser_licence_and_phone_formats")]

    operations = [
        migrations.RunPython(create_function, drop_function),
        migrations.RunPython(create, drop),
    ]
