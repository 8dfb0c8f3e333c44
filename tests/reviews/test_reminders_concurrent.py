"""Two sweeps racing on PostgreSQL (no Celery): the unique claim decides who sends each reminder."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from .test_reminders_worker import DEC_24, assert_each_reminded_exactly_once, owing_officers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_remind_each_officer_once(city, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two connections to one database): runs in the PostgreSQL CI run")
    settings.REMINDER_BATCH_SIZE = 3
    officers = owing_officers(city, 9)
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            call_command("send_reminders", "--date", DEC_24)
        except Exception as exc:  # re-raised in the test thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_each_reminded_exactly_once(officers)
