"""Celery tasks of the reminders: thin wrappers around reviews.reminders."""

import datetime

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from .reminders import reminder_days, reminder_plan, reminder_requeue_unsent, reminder_send_batch


@shared_task
def sweep_reminders(day: str | None = None) -> int:
    """The sweep (Celery beat, several times a day): queue, after commit, one task per batch of reminders
    still unsent on any day of the catch-up window ending on `day` (default today), and the emails of
    reminders claimed but never emailed. Returns the number of batches queued."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    days = reminder_days(today=today)
    batches = [batch for on in days for batch in reminder_plan(day=on)]
    for batch in batches:
        transaction.on_commit(
            lambda b=batch: send_reminder_batch.delay(b.kind, b.day.isoformat(), list(b.recipient_ids))
        )
    reminder_requeue_unsent(since=days[0])
    return len(batches)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=30, max_retries=5)
def send_reminder_batch(kind: str, day: str, recipient_ids: list[int]) -> int:
    sent = reminder_send_batch(kind=kind, day=datetime.date.fromisoformat(day), recipient_ids=recipient_ids)
    return len(sent)
