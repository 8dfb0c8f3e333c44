"""The broker killed in the middle of a sweep and restarted empty: the queue and the batches in it are gone,
and the next sweep sends every lost reminder, exactly once, with no one re-running a day.

The test starts its own redis-server (no persistence) on a free port, so killing it touches no one else's
Redis. PostgreSQL + Redis CI run (it skips on SQLite, like every test with a real worker).
"""

import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.models import Count

from accounts.models import Notice
from reviews.models import ReminderLog
from reviews.tasks import sweep_reminders
from zhuzhou_legal.celery import app

from .test_reminders_worker import DEC_24, owing_officers, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A throw-away redis-server: SIGKILLed as a crash would, and started again empty (no RDB, no AOF)."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="redis-kill-")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        assert wait_for(lambda: _answers(client), timeout=10), "redis-server did not start"
        return self

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def _answers(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None or not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs redis-server, REDIS_URL and PostgreSQL: runs in the PostgreSQL CI run")
    server = OwnRedis().start()
    yield server
    server.stop()


@pytest.fixture
def worker_on_own_redis(own_redis, monkeypatch, request):
    """The real worker (tests/conftest.py) and this process both talk to the throw-away Redis."""
    monkeypatch.setenv("REDIS_URL", own_redis.url)  # read by the worker's settings
    monkeypatch.setenv("REMINDER_BATCH_SIZE", "4")
    monkeypatch.setenv("REMINDER_BATCH_PAUSE_SECONDS", "1")  # tests/worker_settings.py: slow batches
    before = app.conf.broker_url, app.conf.result_backend
    app.conf.broker_url = app.conf.result_backend = own_redis.url
    _new_pools()
    yield request.getfixturevalue("celery_worker_process")
    app.conf.broker_url, app.conf.result_backend = before
    _new_pools()


def _new_pools():
    """Connection pools made for another broker (or a dead one) are dropped; the next send makes new ones."""
    app._pool = None
    app.amqp._producer_pool = None


def _worker_answers() -> bool:
    try:
        return bool(app.control.ping(timeout=0.5))
    except Exception:  # the broker is still coming back
        return False


def test_redis_killed_mid_sweep_and_restarted_empty_loses_no_reminder_and_doubles_none(
    worker_on_own_redis, own_redis, city
):
    officers = owing_officers(city, 20)  # 5 batches of 4, each holding its transaction for a second
    sweep_reminders.delay(DEC_24)
    assert wait_for(lambda: ReminderLog.objects.count() >= 1)
    own_redis.kill()
    time.sleep(3)  # the batches in flight commit (or roll back) without their broker
    own_redis.start()  # empty: the queued batches are gone
    lost = len(officers) - ReminderLog.objects.count()
    assert lost > 0, "the sweep finished before Redis died; nothing was tested"

    # The next sweep (the schedule runs five a day) on the same worker, once it has reconnected.
    _new_pools()
    assert wait_for(_worker_answers, timeout=90), "the worker did not reconnect to the restarted Redis"
    sweep_reminders.delay(DEC_24)
    assert wait_for(lambda: ReminderLog.objects.count() == len(officers), timeout=90)
    assert wait_for(lambda: not Notice.objects.filter(emailed_at__isnull=True).exists(), timeout=60)

    per_key = (
        Notice.objects.filter(kind="reminder:report_due")
        .values("recipient", "kind", "created_at__date")
        .annotate(n=Count("id"))
    )
    assert {row["recipient"] for row in per_key} == {o.pk for o in officers}  # none lost
    assert {row["n"] for row in per_key} == {1}  # none twice
