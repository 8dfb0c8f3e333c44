"""Notices are emailed by a real Celery worker after commit, exactly once."""

import time

import pytest
from django.db import transaction

from accounts.models import Notice
from accounts.services import notice_create, notice_deliver


def test_notice_email_is_sent_after_commit_and_claimed_once(officer_a, mailoutbox, django_capture_on_commit_callbacks):
    officer_a.email = "a@example.cn"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = notice_create(recipient=officer_a, kind="test", title="请提交年度履职报告")
    assert mailoutbox == []  # nothing is queued before the transaction commits
    for callback in callbacks:
        callback()
    # In-process (eager) delivery ran on commit; a second delivery sends nothing.
    assert notice_deliver(notice_id=notice.pk) is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "请提交年度履职报告"


@pytest.mark.worker
def test_a_real_worker_delivers_the_notice(celery_worker_process, officer_a):
    officer_a.email = "a@example.cn"
    officer_a.save()
    with transaction.atomic():
        notice = notice_create(recipient=officer_a, kind="test", title="真实 worker")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        notice.refresh_from_db()
        if notice.emailed_at:
            break
        time.sleep(0.2)
    assert notice.emailed_at is not None
    assert Notice.objects.filter(emailed_at__isnull=False).count() == 1
