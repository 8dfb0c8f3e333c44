"""The audit trail's hash chain: every way of writing a row links it; `verify_audit` names the first row
changed, removed or slipped in (also one changed by the owner with the trigger disabled); the daily digest
reaches the audit administrators; purges leave a chain that still verifies."""

import datetime as dt
import logging
import re
import threading
from contextlib import contextmanager

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Notice, Unit
from accounts.roles import Role
from accounts.services import audit_digest_send, notices_create
from accounts.tasks import send_audit_digest
from audit.chain import GENESIS, HASHED_FIELDS, chain_append, chain_verify, links_at_end, row_hash
from audit.models import AuditChainLink
from audit.trail import audit_purge_cutoff, record_event
from tests.factories import make_user


@contextmanager
def owner_cursor():
    """A cursor as the tables' owner, with the audit triggers off on PostgreSQL (as an attacker who owns the
    tables would do; the application's role may not: test_app_role.py)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check of the rows this test wrote.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE accounts_auditchainlink DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE auditlog_logentry ENABLE TRIGGER USER")
                cursor.execute("ALTER TABLE accounts_auditchainlink ENABLE TRIGGER USER")


def rows(actor, count=3) -> list[LogEntry]:
    return [record_event(actor=actor, event="test_row", n=n) for n in range(count)]


def assert_broken_at(entry_id: int, reason: str):
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    message = str(caught.value)
    assert re.search(rf"audit row id {entry_id}\b", message) and reason in message, message


def test_rows_written_in_links_at_end_are_linked_when_it_ends_and_a_rolled_back_one_is_skipped(bureau, unit_a):
    first = record_event(actor=bureau, event="before")
    earlier = AuditChainLink.objects.count()
    with transaction.atomic(), links_at_end():
        kept = rows(bureau, count=3)
        assert not AuditChainLink.objects.filter(entry__in=kept).exists()  # not yet: at the end, in one append
        try:
            with transaction.atomic():
                record_event(actor=bureau, event="rolled_back")
                raise RuntimeError
        except RuntimeError:
            pass
        Unit.objects.create(name="市审计局", parent=unit_a.parent)
    links = list(AuditChainLink.objects.order_by("seq").values_list("entry_id", flat=True))[earlier - 1 :]
    assert links[0] == first.pk and links[1:4] == [entry.pk for entry in kept] and len(links) == 5
    assert chain_verify() == (earlier + 4, None)


def test_a_failing_links_at_end_block_links_nothing(bureau):
    earlier = LogEntry.objects.count(), AuditChainLink.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), links_at_end():
        rows(bureau, count=2)
        raise RuntimeError
    assert (LogEntry.objects.count(), AuditChainLink.objects.count()) == earlier


def test_model_saves_events_and_bulk_rows_are_all_linked_in_one_chain(bureau, unit_a, capsys):
    record_event(actor=bureau, event="test_row")
    Unit.objects.create(name="市审计局", parent=unit_a.parent)  # django-auditlog's post_save row
    notices_create(
        [Notice(recipient=bureau, kind="test", title="一"), Notice(recipient=bureau, kind="test", title="二")]
    )
    links = list(AuditChainLink.objects.order_by("seq"))
    assert LogEntry.objects.count() == len(links) >= 4
    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    assert links[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(links, links[1:], strict=False))
    call_command("verify_audit")
    assert f"{len(links)} audit rows fit the chain" in capsys.readouterr().out


def test_a_changed_row_is_named(bureau):
    first, second, _third = rows(bureau)
    with owner_cursor() as cursor:
        cursor.execute("UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [second.pk])
    assert chain_verify()[0] == second.chain_link.seq - 1  # every row before it still fits
    assert_broken_at(second.pk, "its contents were changed")


def test_a_row_rehashed_after_a_change_breaks_the_next_link(bureau):
    _first, second, third = rows(bureau)
    with owner_cursor() as cursor:
        cursor.execute("UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [second.pk])
    # The forger recomputes the changed row's own hash; the next row still names the old one.
    forged = LogEntry.objects.filter(pk=second.pk).values(*HASHED_FIELDS).get()
    with owner_cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_auditchainlink SET hash = %s WHERE entry_id = %s",
            [row_hash(second.chain_link.prev_hash, forged), second.pk],
        )
    assert_broken_at(third.pk, "does not name the row before it")


def test_a_deleted_row_is_named_by_the_row_after_the_gap(bureau):
    _first, second, third = rows(bureau)
    seq = second.chain_link.seq
    with owner_cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditchainlink WHERE entry_id = %s", [second.pk])
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [second.pk])
    assert_broken_at(third.pk, f"rows {seq}–{seq} of the chain are missing")


def test_the_oldest_rows_deleted_without_a_purge_are_noticed(bureau):
    first, second, _third = rows(bureau)
    with owner_cursor():
        LogEntry.objects.filter(chain_link__seq__lte=first.chain_link.seq).delete()
    assert_broken_at(second.pk, "rows before it are missing")


def test_a_row_written_around_the_application_is_named(bureau):
    entry = rows(bureau, 1)[0]
    with owner_cursor() as cursor:
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, timestamp, changes_text,"
            " additional_data) SELECT content_type_id, object_pk, 'slipped in', action, timestamp, changes_text,"
            " additional_data FROM auditlog_logentry WHERE id = %s",
            [entry.pk],
        )
    slipped = LogEntry.objects.get(object_repr="slipped in")
    assert_broken_at(slipped.pk, "not in the chain")


def test_a_purge_leaves_a_chain_that_verifies(bureau):
    entry = record_event(actor=bureau, event="test_row")
    # Inserting a back-dated row is allowed (test_audit_protection.py does the same).
    old = LogEntry.objects.create(
        content_type=entry.content_type,
        object_pk=entry.object_pk,
        object_repr="old",
        action=LogEntry.Action.ACCESS,
        timestamp=timezone.now() - dt.timedelta(days=400),
    )
    kept = rows(bureau, 2)
    call_command("purge_audit", "--before", audit_purge_cutoff().isoformat(), "--no-input")
    # The first row is younger but was chained before the old one: only the leading run goes, none here.
    assert LogEntry.objects.filter(pk=old.pk).exists()
    with owner_cursor() as cursor:
        # Every row up to the old one as old as it, and chained again: as if they had been written then.
        cursor.execute("UPDATE auditlog_logentry SET timestamp = %s WHERE id <= %s", [old.timestamp, old.pk])
        cursor.execute("DELETE FROM accounts_auditchainlink")
    chain_append(LogEntry.objects.values_list("pk", flat=True))
    aged = LogEntry.objects.filter(pk__lte=old.pk).count()
    call_command("purge_audit", "--before", audit_purge_cutoff().isoformat(), "--no-input")
    assert not LogEntry.objects.filter(pk__lte=old.pk).exists()
    assert LogEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    purge = LogEntry.objects.filter(additional_data__event="audit_purge").latest("pk")
    assert purge.additional_data["deleted"] == aged
    assert chain_verify() == (LogEntry.objects.count(), None)


@pytest.fixture
def audit_admins(city):
    return [
        make_user("auditadmin", Role.AUDIT_ADMIN, email="audit@example.gov.cn"),
        make_user("auditadmin_off", Role.AUDIT_ADMIN, email="off@example.gov.cn", is_active=False),
    ]


def test_the_daily_digest_reaches_the_audit_administrators_and_the_log(
    bureau, audit_admins, caplog, django_capture_on_commit_callbacks
):
    rows(bureau, 2)
    head = AuditChainLink.objects.order_by("-seq").first()
    with caplog.at_level(logging.INFO, logger="accounts.services"), django_capture_on_commit_callbacks(execute=True):
        body = send_audit_digest.delay().get()
    assert head.hash in body and f"序号{head.seq}" in body
    assert [m.to for m in mail.outbox] == [["audit@example.gov.cn"]]  # the inactive administrator gets none
    assert head.hash in mail.outbox[0].body and "审计日志链摘要" in mail.outbox[0].subject
    assert Notice.objects.filter(kind="audit_digest").count() == 1
    assert head.hash in caplog.text


def test_the_digest_of_an_empty_trail_says_so(db):
    assert audit_digest_send() == "审计日志为空。"


def test_the_digest_is_scheduled_daily(beat_schedules):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="accounts.tasks.send_audit_digest")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("0", "5", "Asia/Shanghai")


@pytest.mark.postgres
def test_on_postgres_a_row_changed_by_the_owner_with_the_trigger_disabled_is_caught(bureau):
    if connection.vendor != "postgresql":
        pytest.skip("the audit trigger exists on PostgreSQL only: runs in the PostgreSQL CI run")
    entry = rows(bureau, 2)[1]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER auditlog_logentry_immutable")
        cursor.execute("UPDATE auditlog_logentry SET additional_data = '{}'::jsonb WHERE id = %s", [entry.pk])
        cursor.execute("ALTER TABLE auditlog_logentry ENABLE TRIGGER auditlog_logentry_immutable")
    assert_broken_at(entry.pk, "its contents were changed")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgres_concurrent_writers_make_one_unbroken_chain(city):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (several connections to one database): runs in the PostgreSQL CI run")
    actor = make_user("bureau", Role.BUREAU, city)
    start, errors = threading.Barrier(4), []

    def write():
        try:
            start.wait()
            for n in range(15):
                record_event(actor=actor, event="test_row", n=n)
        except Exception as exc:  # re-raised in the test thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked, broken = chain_verify()
    assert broken is None and checked == LogEntry.objects.count() >= 60
