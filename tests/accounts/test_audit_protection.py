"""The audit trail cannot be changed; refused accesses and exports are in it; purges keep 6 months."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.trail import audit_purge_cutoff, record_event

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the audit trigger exists on PostgreSQL only: runs in the PostgreSQL CI run",
)


def entry_aged(days: int, actor) -> LogEntry:
    entry = record_event(actor=actor, event="test_row")
    # INSERT of a back-dated row is allowed; changing the timestamp afterwards would not be.
    return LogEntry.objects.create(
        content_type=entry.content_type,
        object_pk=entry.object_pk,
        object_repr="old",
        action=LogEntry.Action.ACCESS,
        timestamp=timezone.now() - dt.timedelta(days=days),
        additional_data={"event": "test_row"},
    )


@needs_postgres
@pytest.mark.postgres
def test_the_database_refuses_to_update_an_audit_row(bureau):
    entry = entry_aged(1, bureau)
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auditlog_logentry SET actor_id = NULL WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.object_repr == "old"


@needs_postgres
@pytest.mark.postgres
def test_the_database_refuses_to_delete_an_audit_row_even_a_very_old_one(bureau):
    entry = entry_aged(800, bureau)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@needs_postgres
@pytest.mark.postgres
def test_the_purge_switch_lets_the_database_delete_only_rows_older_than_six_months(bureau):
    young, old = entry_aged(100, bureau), entry_aged(200, bureau)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL zhuzhou.audit_purge = 'on'")
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [young.pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL zhuzhou.audit_purge = 'on'")
        # Its hash-chain link first (audit.chain), which the same switch lets go.
        cursor.execute("DELETE FROM accounts_auditchainlink WHERE entry_id = %s", [old.pk])
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [old.pk])
    assert LogEntry.objects.filter(pk=young.pk).exists()
    assert not LogEntry.objects.filter(pk=old.pk).exists()


@needs_postgres
@pytest.mark.postgres
def test_an_account_named_in_the_audit_trail_cannot_be_deleted_behind_the_apps_back(officer_a):
    record_event(actor=officer_a, event="test_row")
    with pytest.raises(DatabaseError), transaction.atomic():
        officer_a.delete()  # would set actor to NULL on its audit rows


def test_purge_refuses_a_date_inside_the_six_months(bureau):
    entry = entry_aged(30, bureau)
    with pytest.raises(CommandError, match="kept for 6 months"):
        call_command("purge_audit", "--before", timezone.localdate().isoformat(), "--no-input")
    with pytest.raises(CommandError, match="kept for 6 months"):
        call_command("purge_audit", "--before", (audit_purge_cutoff() + dt.timedelta(days=1)).isoformat(), "--no-input")
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def back_dated(days: int) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LogEntry),
        object_pk="",
        object_repr="old",
        action=LogEntry.Action.ACCESS,
        timestamp=timezone.now() - dt.timedelta(days=days),
        additional_data={"event": "test_row"},
    )


def test_purge_deletes_only_rows_before_the_date_and_records_itself(db, capsys):
    # The first rows of the hash chain: a purge removes only a leading run of it (test_audit_chain.py).
    old, kept = back_dated(400), back_dated(150)
    call_command("purge_audit", "--before", audit_purge_cutoff().isoformat(), "--no-input")
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=kept.pk).exists()
    purge = LogEntry.objects.get(additional_data__event="audit_purge")
    assert purge.additional_data["deleted"] == 1
    assert "Deleted 1 audit rows" in capsys.readouterr().out


def test_purge_refuses_a_malformed_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("purge_audit", "--before", "2025/01/01", "--no-input")


def test_a_404_for_another_units_object_is_audited(client_for, officer_a, unit_b):
    url = reverse("admin:accounts_unit_change", args=[unit_b.pk])
    assert client_for(officer_a).get(url).status_code == 404
    row = LogEntry.objects.get(additional_data__event="access_refused")
    assert row.actor == officer_a
    assert row.additional_data["status"] == 404 and row.additional_data["path"] == url


def test_a_403_is_audited_although_the_refused_request_was_rolled_back(client_for, auditor, unit_a):
    url = reverse("admin:accounts_unit_change", args=[unit_a.pk])
    assert client_for(auditor).post(url, {"name": "改名"}).status_code == 403
    row = LogEntry.objects.get(additional_data__event="access_refused")
    assert (row.actor, row.additional_data["status"], row.additional_data["method"]) == (auditor, 403, "POST")


def test_anonymous_404s_are_not_audited(client, db):
    client.get("/no-such-page/")
    assert not LogEntry.objects.filter(additional_data__event="access_refused").exists()
