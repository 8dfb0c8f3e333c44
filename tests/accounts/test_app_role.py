"""Two PostgreSQL roles: the owner (who migrates) and the application's role (`make app-role`), which reads
and writes rows but may not disable the audit triggers, TRUNCATE, or UPDATE audit rows."""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.trail import record_event


@pytest.fixture
def app_role(transactional_db):
    """A plain login role granted by `grant_app_role`, dropped afterwards (roles outlive the test database)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL roles: runs in the PostgreSQL CI run")
    role = f"zz_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        call_command("grant_app_role", role)
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"], user=role, host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, autocommit=True
    )


@pytest.mark.postgres
def test_the_application_role_writes_rows_but_cannot_switch_off_or_empty_the_audit_trail(app_role, city):
    entry = record_event(actor=None, event="test_row", username="x")
    with connect_as(app_role) as app:
        # What the application does: read, insert, and chain audit rows.
        assert app.execute("SELECT count(*) FROM auditlog_logentry").fetchone()[0] >= 1
        app.execute("INSERT INTO django_session VALUES ('k', 'd', now())")
        app.execute("DELETE FROM django_session WHERE session_key = 'k'")
        for statement, refusal in [
            ("ALTER TABLE auditlog_logentry DISABLE TRIGGER auditlog_logentry_immutable", "must be owner"),
            ("ALTER TABLE accounts_auditchainlink DISABLE TRIGGER USER", "must be owner"),
            ("TRUNCATE auditlog_logentry CASCADE", "permission denied"),
            ("TRUNCATE accounts_auditchainlink", "permission denied"),
            (f"UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = {entry.pk}", "permission denied"),
            ("DROP TABLE auditlog_logentry CASCADE", "must be owner"),
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=refusal):
                app.execute(statement)
    call_command("verify_audit")  # nothing above changed the trail


@pytest.mark.postgres
def test_the_grant_refuses_a_superuser_and_an_unknown_role(app_role):
    with pytest.raises(CommandError, match="no role"):
        call_command("grant_app_role", "zz_nobody_here")
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", "postgres")


def test_the_grant_is_refused_on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite refusal: runs in the SQLite run")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("grant_app_role", "zhuzhou_app")
