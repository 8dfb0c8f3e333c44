"""Celery tasks of the reminders: thin wrappers around reviews.reminders."""

import datetime
import os
import time

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from .reminders import reminder_plan, reminder_send_batch


def _test_pause():
    # Test-only: holds a batch's transaction open so that a test can kill the worker in the middle of it.
    delay = float(os.environ.get("REMINDER_TEST_DELAY_SECONDS") or 0)
    if delay:
        time.sleep(delay)


@shared_task
def sweep_reminders(day: str | None = None) -> int:
    """The daily sweep (scheduled by Celery beat): queue one task per batch of recipients, after commit."""
    on = datetime.date.fromisoformat(day) if day else timezone.localdate()
    batches = reminder_plan(day=on)
    for batch in batches:
        transaction.on_commit(
            lambda b=batch: send_reminder_batch.delay(b.kind, b.day.isoformat(), list(b.recipient_ids))
        )
    return len(batches)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_reminder_batch(kind: str, day: str, recipient_ids: list[int]) -> int:
    sent = reminder_send_batch(
        kind=kind, day=datetime.date.fromisoformat(day), recipient_ids=recipient_ids, before_commit=_test_pause
    )
    return len(sent)
