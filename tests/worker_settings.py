"""Settings of the Celery worker the tests start (tests/conftest.py): the test settings, plus reminder batches
slowed down inside their transaction when REMINDER_BATCH_PAUSE_SECONDS is set, so that a test can kill the
worker or the broker in the middle of one. The slowing lives here, in test code, not in reviews/."""

import os
import time

from celery.signals import worker_process_init

from zhuzhou_legal.settings.test import *  # noqa: F403


@worker_process_init.connect
def _slow_reminder_batches(**kwargs):
    pause = float(os.environ.get("REMINDER_BATCH_PAUSE_SECONDS") or 0)
    if not pause:
        return
    from reviews import reminders

    link = reminders._link

    def slow_link(logs):
        time.sleep(pause)  # after the claim and the notices, before the commit
        link(logs)

    reminders._link = slow_link
