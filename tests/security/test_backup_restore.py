"""make backup / make restore: a pg_dump of the database restored elsewhere holds every row of every table."""

import pytest
from django.core.management import call_command
from django.db import connection

from audit.trail import record_event
from operations.backup import BackupError, backup, restore


def row_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_another_database_has_every_row_of_every_table(tmp_path, bureau):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore need PostgreSQL: runs in the PostgreSQL CI run")
    import psycopg

    call_command("seed_demo")
    record_event(actor=bureau, event="export", what="before backup")
    dump = backup(tmp_path / "zhuzhou.dump")
    assert dump.stat().st_size > 0

    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME']}_restore"
    server = {
        "host": settings_dict.get("HOST") or "127.0.0.1",
        "port": settings_dict.get("PORT") or 5432,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        restore(dump, database=scratch)
        with connection.cursor() as cursor:
            original = row_counts(cursor)
        with psycopg.connect(dbname=scratch, **server) as restored, restored.cursor() as cursor:
            copied = row_counts(cursor)
            # The audit table keeps its protection after a restore.
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'auditlog_logentry_immutable'")
            assert cursor.fetchone()[0] == 1
        assert copied == original
        assert original["accounts_unit"] > 80 and original["auditlog_logentry"] > 0
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_backup_refuses_clearly_on_sqlite(tmp_path, db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite message: runs in the SQLite run")
    with pytest.raises(BackupError, match="need PostgreSQL"):
        backup(tmp_path / "x.dump")


def test_restore_refuses_a_missing_file(tmp_path, db):
    with pytest.raises(BackupError, match="No such backup file"):
        restore(tmp_path / "missing.dump")
