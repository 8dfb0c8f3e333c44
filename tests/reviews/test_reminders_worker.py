"""Exactly once with a real Redis and a real Celery worker: repeated, concurrent and interrupted sweeps.

These run in the PostgreSQL + Redis CI run (they skip on SQLite).
"""

import time

import pytest
from django.conf import settings

from accounts.models import Notice, Unit
from accounts.roles import Role
from reviews.models import ReminderLog
from reviews.tasks import sweep_reminders
from tests.factories import EngagementFactory, make_user

DEC_24 = "2025-12-24"
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def wait_for(predicate, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def broker_idle() -> bool:
    """Nothing queued and nothing delivered-but-unacknowledged (tasks are acknowledged after they finish)."""
    client = _redis()
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def owing_officers(city, n):
    officers = []
    for i in range(n):
        unit = Unit.objects.create(name=f"测试单位{i:02d}", parent=city)
        EngagementFactory(unit=unit)
        officers.append(make_user(f"officer{i:02d}", Role.OFFICER, unit, email=f"officer{i:02d}@example.cn"))
    return officers


def assert_each_reminded_exactly_once(officers):
    assert ReminderLog.objects.count() == len(officers)
    per_officer = {o.pk: Notice.objects.filter(recipient=o, kind="reminder:report_due").count() for o in officers}
    assert set(per_officer.values()) == {1}, per_officer


@pytest.fixture
def worker(monkeypatch, request):
    """A real worker whose broker hands back a dead worker's messages after 2 s, and whose batches hold their
    transaction open for a second before they commit."""
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "2")
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_INTERVAL", "1")
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_THROTTLE", "1")
    monkeypatch.setenv("REMINDER_BATCH_SIZE", "4")
    monkeypatch.setenv("REMINDER_BATCH_PAUSE_SECONDS", "1")  # tests/worker_settings.py
    if settings.REDIS_URL:
        # Messages left unacknowledged by an earlier run must not come back into this test's database.
        _redis().delete("unacked", "unacked_index", "unacked_mutex")
    return request.getfixturevalue("celery_worker_process")


def test_the_sweep_run_twice_and_concurrently_on_a_real_worker_reminds_each_officer_once(worker, city):
    officers = owing_officers(city, 10)
    # Two sweeps at once (the worker runs two tasks in parallel), then a third one afterwards.
    sweep_reminders.delay(DEC_24)
    sweep_reminders.delay(DEC_24)
    assert wait_for(lambda: ReminderLog.objects.count() == len(officers) and broker_idle())
    sweep_reminders.delay(DEC_24)
    assert wait_for(broker_idle)
    assert_each_reminded_exactly_once(officers)
    # Every reminder's email went out once.
    assert wait_for(lambda: not Notice.objects.filter(emailed_at__isnull=True).exists())


def test_a_worker_killed_in_the_middle_of_a_batch_still_sends_each_reminder_exactly_once(worker, city):
    officers = owing_officers(city, 20)  # 5 batches of 4, two at a time
    sweep_reminders.delay(DEC_24)
    # Kill the whole worker (SIGKILL, no chance to clean up) once the first batches have committed, while
    # the next ones are inside their transactions.
    assert wait_for(lambda: ReminderLog.objects.count() >= 1)
    worker.kill()
    sent_before_restart = ReminderLog.objects.count()
    assert 0 < sent_before_restart < len(officers)
    # A batch is all or nothing: the ones cut short left no reminder behind.
    assert sent_before_restart % 4 == 0
    assert Notice.objects.count() == sent_before_restart
    # The unacknowledged batches come back to the restarted worker, which finishes them.
    worker.start()
    assert wait_for(lambda: ReminderLog.objects.count() == len(officers) and broker_idle())
    assert_each_reminded_exactly_once(officers)
    assert wait_for(lambda: not Notice.objects.filter(emailed_at__isnull=True).exists())
