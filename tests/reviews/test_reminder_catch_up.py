"""The sweep catches up: reminders a missed beat, a lost queue or a dead broker left unsent are sent by the
next sweep, within REMINDER_CATCH_UP_DAYS, still once per (recipient, kind, day)."""

import datetime

import pytest
from kombu.exceptions import OperationalError

from accounts.models import Notice
from accounts.tasks import deliver_notice
from reviews.models import ReminderKind, ReminderLog
from reviews.reminders import reminder_days
from reviews.tasks import sweep_reminders

DEC_24 = datetime.date(2025, 12, 24)


@pytest.fixture
def officer_owing(engagement_a, officer_a):
    officer_a.email = "a@example.cn"
    officer_a.save()
    return officer_a


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The Celery task, in-process, with its batches and emails run after commit; returns batches queued."""

    def run(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return sweep_reminders(day.isoformat())

    return run


def test_a_sweep_covers_the_last_seven_days_by_default(settings):
    assert settings.REMINDER_CATCH_UP_DAYS == 7
    assert reminder_days(today=DEC_24) == [DEC_24 - datetime.timedelta(days=n) for n in range(6, -1, -1)]


def test_a_reminder_day_missed_entirely_is_sent_by_a_later_sweep_once(officer_owing, sweep, mailoutbox):
    # Nothing ran on 24 December (no beat, no broker); the sweep on the 26th sends the 24th's reminder.
    assert sweep(DEC_24 + datetime.timedelta(days=2)) == 1
    log = ReminderLog.objects.get()
    assert (log.recipient, log.kind, log.day) == (officer_owing, ReminderKind.REPORT_DUE, DEC_24)
    assert len(mailoutbox) == 1
    # Later sweeps that day and the next find nothing left to send.
    assert sweep(DEC_24 + datetime.timedelta(days=2)) == 0
    assert sweep(DEC_24 + datetime.timedelta(days=3)) == 0
    assert ReminderLog.objects.count() == Notice.objects.count() == len(mailoutbox) == 1


def test_a_day_older_than_the_window_is_not_caught_up(officer_owing, sweep, settings):
    settings.REMINDER_CATCH_UP_DAYS = 2
    assert sweep(DEC_24 + datetime.timedelta(days=2)) == 0
    assert not ReminderLog.objects.exists()
    assert sweep(DEC_24 + datetime.timedelta(days=1)) == 1
    assert ReminderLog.objects.get().day == DEC_24


def test_a_committed_batch_whose_email_could_not_be_queued_is_done_and_the_next_sweep_sends_the_email(
    officer_owing, sweep, mailoutbox, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_notice, "delay", broker_down)
    # The batch committed: the sweep and its batch complete without an error, the email is left unsent.
    assert sweep(DEC_24) == 1
    notice = Notice.objects.get(recipient=officer_owing)
    assert notice.emailed_at is None and mailoutbox == []
    monkeypatch.undo()
    # The next sweep plans no batch (the reminder was sent) but queues the email that never left, once.
    assert sweep(DEC_24) == 0
    notice.refresh_from_db()
    assert notice.emailed_at is not None
    assert [m.to for m in mailoutbox] == [["a@example.cn"]]
    assert sweep(DEC_24) == 0
    assert len(mailoutbox) == 1


def test_an_email_queued_twice_is_sent_once(officer_owing, sweep, mailoutbox):
    assert sweep(DEC_24) == 1
    notice = Notice.objects.get()
    # A re-queued email whose first message was delivered after all: the claim on emailed_at sends it once.
    deliver_notice.delay(notice.pk)
    assert len(mailoutbox) == 1
