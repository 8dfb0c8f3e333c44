"""Writes that several apps share: notices to users."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .audit import audit_created
from .models import Notice, User


def notice_create(
    *, recipient: User, kind: str, title: str, body: str = "", link: str = "", email: bool = True
) -> Notice:
    """Create an in-app notice; its email is queued only once the transaction commits."""
    notice = Notice.objects.create(recipient=recipient, kind=kind, title=title, body=body, link=link)
    if email and recipient.email:
        from .tasks import deliver_notice

        transaction.on_commit(lambda: deliver_notice.delay(notice.pk))
    return notice


def notices_create(notices: list[Notice]) -> list[Notice]:
    """Save unsaved notices at once (bulk jobs): one INSERT, their audit rows in one more, and each email
    queued once the transaction commits, as `notice_create` does one by one. `recipient` must be loaded."""
    from .tasks import deliver_notice

    notices = Notice.objects.bulk_create(notices)
    audit_created(notices)
    for notice in notices:
        if notice.recipient.email:
            transaction.on_commit(lambda pk=notice.pk: deliver_notice.delay(pk))
    return notices


def notice_deliver(*, notice_id: int) -> bool:
    """Email a notice once. The conditional UPDATE claims it, so two workers never both send it.

    The claim and the send share a transaction: if sending fails the claim rolls back and a retry
    sends it again (at least once; the unique claim keeps it at most once when sending succeeds).
    """
    with transaction.atomic():
        claimed = Notice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if not claimed:
            return False
        notice = Notice.objects.select_related("recipient").get(pk=notice_id)
        send_mail(notice.title, notice.body, None, [notice.recipient.email])
    return True
