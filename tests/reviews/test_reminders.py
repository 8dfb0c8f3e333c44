"""The daily sweep: who is reminded of what, and each reminder exactly once per recipient, kind and day."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from accounts.models import Notice
from accounts.roles import Role
from contracts.models import ServiceContract
from reviews.models import ReminderKind, ReminderLog
from reviews.reminders import reminder_plan, reminder_send_batch
from reviews.services import duty_report_return, duty_report_save, duty_report_submit
from reviews.tasks import sweep_reminders
from tests.factories import EngagementFactory, make_user

DEC_24 = datetime.date(2025, 12, 24)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the whole sweep for a day in-process, with the after-commit emails (the tests run in a transaction)."""

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return sum(
                len(reminder_send_batch(kind=b.kind, day=b.day, recipient_ids=b.recipient_ids))
                for b in reminder_plan(day=day)
            )

    return run


@pytest.fixture
def owing(engagement_a, engagement_b, officer_a, officer_b):
    officer_a.email, officer_b.email = "a@example.cn", "b@example.cn"
    officer_a.save()
    officer_b.save()
    # Unit B's report is in: only unit A's officer still owes one.
    report = duty_report_save(engagement=engagement_b, year=2025, summary="已完成", actor=officer_b)
    duty_report_submit(report=report, actor=officer_b)
    return engagement_a


@pytest.mark.parametrize("day", ["2025-12-01", "2025-12-15", "2025-12-24", "2025-12-31"])
def test_officers_who_owe_a_report_are_reminded_on_the_reminder_days(
    owing, officer_a, officer_b, day, mailoutbox, sweep
):
    assert sweep(datetime.date.fromisoformat(day)) == 1
    notice = Notice.objects.get(recipient=officer_a)
    assert notice.kind == "reminder:report_due"
    assert "唐立新" in notice.body and "市住房和城乡建设局" in notice.body
    assert notice.title == "提醒：2025年度履职报告尚有 1 份未提交，截止时间为12月31日"
    assert not Notice.objects.filter(recipient=officer_b).exists()
    assert [m.to for m in mailoutbox] == [["a@example.cn"]]


def test_no_reminder_on_other_days(owing, sweep):
    assert sweep(datetime.date(2025, 12, 23)) == 0
    assert not Notice.objects.exists()


def test_a_second_sweep_the_same_day_sends_nothing_and_the_next_reminder_day_sends_again(
    owing, officer_a, mailoutbox, sweep, django_capture_on_commit_callbacks
):
    assert sweep(DEC_24) == 1
    assert sweep(DEC_24) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_reminders(DEC_24.isoformat()) == 0  # the Celery task, in-process: nothing left to send
    assert Notice.objects.filter(recipient=officer_a).count() == 1
    assert len(mailoutbox) == 1
    assert sweep(datetime.date(2025, 12, 31)) == 1
    assert ReminderLog.objects.filter(recipient=officer_a, kind=ReminderKind.REPORT_DUE).count() == 2


def test_one_reminder_lists_everything_the_officer_owes(owing, officer_a, unit_a, sweep):
    EngagementFactory(unit=unit_a, adviser__name="欧阳慧")
    assert sweep(DEC_24) == 1
    body = Notice.objects.get(recipient=officer_a).body
    assert "唐立新" in body and "欧阳慧" in body
    assert ReminderLog.objects.get(recipient=officer_a).items == 2


def test_the_bureau_gets_the_overdue_list_in_january(owing, bureau, officer_a, sweep):
    assert sweep(datetime.date(2026, 1, 2)) == 1
    notice = Notice.objects.get(recipient=bureau)
    assert notice.kind == "reminder:reports_overdue"
    assert "唐立新 — 市住房和城乡建设局" in notice.body
    assert "贺振华" not in notice.body
    assert not Notice.objects.filter(recipient=officer_a).exists()


def test_engagements_and_contracts_are_warned_90_and_30_days_before_they_end(unit_a, officer_a, sweep):
    EngagementFactory(
        unit=unit_a, adviser__name="龙晓燕", end_date=datetime.date(2026, 3, 24), adviser__category="internal"
    )
    engagement = EngagementFactory(
        unit=unit_a, adviser__name="刘建国", end_date=datetime.date(2026, 1, 23), adviser__category="internal"
    )
    ServiceContract.objects.create(
        unit=unit_a,
        adviser=engagement.adviser,
        number="ZJ-2024-01",
        signed_on=datetime.date(2024, 1, 1),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 3, 24),
        amount=80000,
        procurement_method="inquiry",
    )
    assert sweep(DEC_24) == 3
    kinds = dict(Notice.objects.filter(recipient=officer_a).values_list("kind", "body"))
    assert "龙晓燕" in kinds["reminder:engagement_ends_90"]
    assert "刘建国" in kinds["reminder:engagement_ends_30"]
    assert "ZJ-2024-01" in kinds["reminder:contract_ends_90"]


def test_inactive_users_are_not_reminded(owing, officer_a, sweep):
    officer_a.is_active = False
    officer_a.save()
    assert sweep(DEC_24) == 0


def test_advisers_with_an_account_are_reminded_of_their_own_report(owing, engagement_a, sweep):
    adviser_user = make_user("adviser_user", Role.ADVISER, adviser=engagement_a.adviser)
    assert sweep(DEC_24) == 2
    assert Notice.objects.filter(recipient=adviser_user, kind="reminder:report_due").count() == 1


def test_an_adviser_whose_report_was_returned_is_reminded_exactly_once(
    engagement_b, officer_b, engagement_a, officer_a, sweep
):
    # Unit A's report is in; unit B's adviser submitted its own and the officer sent it back.
    duty_report_submit(
        report=duty_report_save(engagement=engagement_a, year=2025, summary="已完成", actor=officer_a), actor=officer_a
    )
    adviser_user = make_user("adviser_b", Role.ADVISER, adviser=engagement_b.adviser)
    report = duty_report_save(engagement=engagement_b, year=2025, summary="本人总结", actor=adviser_user)
    duty_report_return(report=duty_report_submit(report=report, actor=adviser_user), reason="请补充。", actor=officer_b)
    assert sweep(DEC_24) == 2  # the adviser and unit B's officer
    assert sweep(DEC_24) == 0
    reminders = Notice.objects.filter(recipient=adviser_user, kind="reminder:report_due")
    assert reminders.count() == 1 and "贺振华 — 市交通运输局" in reminders.get().body
    assert ReminderLog.objects.filter(recipient=adviser_user, kind=ReminderKind.REPORT_DUE, day=DEC_24).count() == 1


def test_batches_split_the_recipients(settings, unit_a, city, sweep):
    from accounts.models import Unit

    settings.REMINDER_BATCH_SIZE = 2
    for n in range(5):
        unit = Unit.objects.create(name=f"单位{n}", parent=city)
        EngagementFactory(unit=unit)
        make_user(f"officer{n}", Role.OFFICER, unit)
    batches = [b for b in reminder_plan(day=DEC_24) if b.kind == ReminderKind.REPORT_DUE]
    assert [len(b.recipient_ids) for b in batches] == [2, 2, 1]
    assert sweep(DEC_24) == 5


def _owing_officers(city, n):
    from accounts.models import Unit

    ids = []
    for i in range(n):
        unit = Unit.objects.create(name=f"单位{i}", parent=city)
        EngagementFactory(unit=unit)
        ids.append(make_user(f"officer{i}", Role.OFFICER, unit, email=f"officer{i}@example.cn").pk)
    return ids


def test_a_batch_runs_the_same_queries_whatever_its_size(city):
    """Three reads (recipients, already sent, the owed items), then one transaction: claim the log rows, insert
    the notices and their audit rows, link the logs, write their audit rows (plus the savepoint around it);
    each of the two audit inserts is chained (the chain's head, the new rows, their links: 3 more each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = _owing_officers(city, 7)
    ContentType.objects.get_for_models(Notice, ReminderLog)  # cached for the whole process in real runs
    counts = []
    for batch in (ids[:1], ids[1:3], ids[3:7]):
        with CaptureQueriesContext(connection) as queries:
            assert len(reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=batch)) == len(batch)
        counts.append(len(queries))
    # On PostgreSQL each chained insert first takes the chain's advisory lock (audit.chain).
    chain = 4 if connection.vendor == "postgresql" else 3
    assert counts == [3 + 2 + 5 + 2 * chain] * 3, counts
    # A batch whose reminders were all sent already (delivered again): the recipients, what was sent and which
    # of those emails never left, nothing more.
    with CaptureQueriesContext(connection) as queries:
        assert reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids) == []
    assert len(queries) == 3


def test_each_reminder_leaves_audit_rows_for_its_notice_and_its_log(owing, officer_a, bureau, sweep):
    from audit.trail import acting_as

    with acting_as(bureau):
        assert sweep(DEC_24) == 1
    notice = Notice.objects.get(recipient=officer_a)
    log = ReminderLog.objects.get(recipient=officer_a)
    assert log.notice == notice
    notice_row = LogEntry.objects.get_for_object(notice).get()
    assert (notice_row.action, notice_row.actor) == (LogEntry.Action.CREATE, bureau)
    assert notice_row.object_repr == notice.title
    assert notice_row.changes["kind"] == [None, "reminder:report_due"]
    assert notice_row.changes["recipient"] == [None, officer_a.pk]
    log_row = LogEntry.objects.get_for_object(log).get()
    assert (log_row.action, log_row.changes["notice"]) == (LogEntry.Action.CREATE, [None, notice.pk])


def test_a_batch_cut_short_leaves_nothing_behind(city, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    from reviews import reminders

    ids = _owing_officers(city, 3)

    def fail(logs):
        raise RuntimeError("worker lost")

    # The batch dies after its claim and its notices, before it commits.
    monkeypatch.setattr(reminders, "audit_created", fail)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids)
    monkeypatch.undo()
    assert not ReminderLog.objects.exists() and not Notice.objects.exists() and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert len(reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids)) == 3
    assert ReminderLog.objects.count() == Notice.objects.count() == len(mailoutbox) == 3


def test_a_batch_delivered_again_queues_the_emails_its_first_run_committed_but_never_queued(
    city, mailoutbox, django_capture_on_commit_callbacks
):
    """The worker died after the batch committed and before the after-commit hooks queued its emails; the
    broker hands the batch back: nothing is claimed twice, and the emails leave, each once."""
    ids = _owing_officers(city, 3)
    with django_capture_on_commit_callbacks(execute=False):  # committed, emails never queued
        assert len(reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids)) == 3
    assert mailoutbox == [] and Notice.objects.filter(emailed_at__isnull=True).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids) == []
    assert ReminderLog.objects.count() == Notice.objects.count() == len(mailoutbox) == 3
    with django_capture_on_commit_callbacks(execute=True):  # and a third delivery sends nothing more
        reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids)
    assert len(mailoutbox) == 3 and not Notice.objects.filter(emailed_at__isnull=True).exists()


@pytest.mark.parametrize("taken", [[1], [0, 1, 2]])
def test_reminders_claimed_by_another_sweep_meanwhile_are_left_to_it(city, monkeypatch, taken):
    """Another sweep inserts log rows after this batch read what was already sent: the unique constraint
    skips those recipients, and the rest of the batch is sent."""
    from reviews import reminders

    ids = _owing_officers(city, 3)
    items_for = reminders._items_for

    def other_sweep_claims_first(kind, day, recipients):
        for i in taken:
            ReminderLog.objects.create(recipient_id=ids[i], kind=kind, day=day)
        return items_for(kind, day, recipients)

    monkeypatch.setattr(reminders, "_items_for", other_sweep_claims_first)
    sent = reminder_send_batch(kind=ReminderKind.REPORT_DUE, day=DEC_24, recipient_ids=ids)
    left = [pk for i, pk in enumerate(ids) if i not in taken]
    assert [u.pk for u in sent] == left
    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == left
    assert not ReminderLog.objects.filter(recipient_id__in=[ids[i] for i in taken], notice__isnull=False).exists()


def test_the_command_runs_the_sweep_and_a_dry_run_sends_nothing(owing, officer_a, capsys):
    call_command("send_reminders", "--date", "2025-12-24", "--dry-run")
    assert "1 reminder(s) would be sent" in capsys.readouterr().out
    assert not Notice.objects.exists()
    call_command("send_reminders", "--date", "2025-12-24")
    assert "1 reminder(s) sent" in capsys.readouterr().out
    call_command("send_reminders", "--date", "2025-12-24")
    assert "0 reminder(s) sent" in capsys.readouterr().out
    assert Notice.objects.count() == 1


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "24/12/2025")


def test_the_sweep_is_scheduled_daily_in_beijing_time_in_the_database(beat_schedules):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="reviews.tasks.sweep_reminders").count() == 1

    task = PeriodicTask.objects.get(task="reviews.tasks.sweep_reminders")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "8,11,14,17,20",
        "0",
        "Asia/Shanghai",
    )
