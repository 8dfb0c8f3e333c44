"""Writes that several apps share: accounts, their second factors and lockouts, notices to users, the
audit chain's daily digest, and the rows without a workflow of their own that the admin keeps."""

import logging

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit.chain import HASH_NAME, chain_head
from audit.trail import acting_as, audit_created, record_event

from .models import Notice, User
from .policy import policy_for

logger = logging.getLogger(__name__)


def notice_email_queue(notice_id: int) -> None:
    """Queue a notice's email (call after commit). A broker that is down loses nothing: the notice keeps
    `emailed_at` empty and the next reminder sweep queues it again (reviews.reminders.reminder_requeue_unsent),
    so the caller's committed work is not reported as failed."""
    from kombu.exceptions import OperationalError

    from .tasks import deliver_notice

    try:
        deliver_notice.delay(notice_id)
    except (OperationalError, OSError):
        logger.warning("Notice %s: email not queued (broker unreachable); the next sweep re-queues it", notice_id)


def notice_create(
    *, recipient: User, kind: str, title: str, body: str = "", link: str = "", email: bool = True
) -> Notice:
    """Create an in-app notice; its email is queued only once the transaction commits."""
    notice = Notice.objects.create(recipient=recipient, kind=kind, title=title, body=body, link=link)
    if email and recipient.email:
        transaction.on_commit(lambda: notice_email_queue(notice.pk))
    return notice


def notices_create(notices: list[Notice]) -> list[Notice]:
    """Save unsaved notices at once (bulk jobs): one INSERT, their audit rows in one more, and each email
    queued once the transaction commits, as `notice_create` does one by one. `recipient` must be loaded."""
    notices = Notice.objects.bulk_create(notices)
    audit_created(notices)
    for notice in notices:
        if notice.recipient.email:
            transaction.on_commit(lambda pk=notice.pk: notice_email_queue(pk))
    return notices


def notify(
    recipients: Q, *, kind: str, title: str, link: str, body: str = "", actor: User | None = None
) -> list[Notice]:
    """Tell the active accounts `recipients` selects (a User filter from accounts.policy: officers_of,
    bureau_staff_of, finance_staff_of, advisers_among) about a step on a record; `link` opens the record.
    Call it inside the service's transaction: the notices commit with the step and each email is queued
    once after commit (notice_deliver claims it, so it leaves exactly once). The actor is not told of their
    own step."""
    users = User.objects.filter(recipients, is_active=True)
    if actor is not None:
        users = users.exclude(pk=actor.pk)
    return notices_create(
        [Notice(recipient=user, kind=kind, title=title, body=body, link=link) for user in users.distinct()]
    )


def unread_notice_count(user) -> int:
    """The header's badge. The signed-in user is loaded with it (accounts.backends), so a page asks nothing
    more; a user loaded another way counts it here."""
    count = getattr(user, "unread_notices", None)
    if count is None:
        count = Notice.objects.filter(recipient=user, read_at__isnull=True).count()
    return count


def notices_mark_read(*, actor: User, notice: Notice | None = None) -> int:
    """Mark one of the actor's notices read, or (notice=None) all of them; returns how many changed."""
    unread = Notice.objects.filter(recipient=actor, read_at__isnull=True)
    if notice is not None:
        unread = unread.filter(pk=notice.pk)
    with transaction.atomic(), acting_as(actor):
        changed = unread.update(read_at=timezone.now())
        if changed:
            record_event(actor=actor, event="notices_read", count=changed)
    return changed


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


# -- Rows without a workflow of their own ------------------------------------------------------------


def record_save(*, actor, record: models.Model) -> models.Model:
    """Create or change a row that has no workflow of its own (units, reference data, settings, campaigns):
    validated, saved and audited as `actor` in one transaction. Rows with a workflow have their app's service."""
    with transaction.atomic(), acting_as(actor):
        record.full_clean()
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as exc:  # a concurrent write broke a constraint after the check
            raise ValidationError(_("The record conflicts with another one: %(error)s") % {"error": exc}) from exc
    return record


def record_relate(*, actor, record: models.Model, field: str, related: list[models.Model]) -> None:
    """Set a many-to-many field (a campaign's team); auditlog does not see these, so the event is recorded."""
    with transaction.atomic(), acting_as(actor):
        getattr(record, field).set(related)
        record_event(actor=actor, event="relations_set", obj=record, field=field, ids=sorted(r.pk for r in related))


def record_delete(*, actor, record: models.Model) -> None:
    with transaction.atomic(), acting_as(actor):
        record.delete()


def account_save(*, actor, user: User, activate: bool = True) -> User:
    """Create or change an account. A new one created by anyone but a superuser does nothing until the
    security administrator confirms its role and unit and activates it (`activate=False`)."""
    if not activate:
        user.is_active = False
    with transaction.atomic(), acting_as(actor):
        user.save()
    return user


def two_factor_reset(*, actor, device) -> None:
    """Delete a lost second-factor device; its owner enrols a new one at the next sign-in."""
    with transaction.atomic(), acting_as(actor):
        record_event(actor=actor, event="two_factor_reset", obj=device.user)
        device.delete()


def lockout_clear(*, actor, attempt) -> None:
    """Forget an account's failed sign-ins (django-axes) before its lockout ends."""
    with transaction.atomic(), acting_as(actor):
        record_event(actor=actor, event="lockout_cleared", username=attempt.username)
        attempt.delete()


def audit_digest_send() -> str:
    """Send the audit administrators the chain's head (position and hash) and write it to the log.

    Kept outside the system (mailboxes, log files), the digests pin the history: a trail rewritten later,
    even consistently from some row on, no longer ends in a hash that was sent.
    """
    head = chain_head()
    with override(settings.LANGUAGE_CODE):
        if head is None:
            body = _("The audit trail is empty.")
        else:
            body = _(
                "Audit chain head: position %(seq)s, %(algorithm)s hash %(hash)s (audit row %(entry)s, written "
                "%(time)s). Keep this message: if the trail is rewritten later, it will no longer end in this hash."
            ) % {
                "seq": head.seq,
                "algorithm": HASH_NAME.upper(),
                "hash": head.hash,
                "entry": head.entry_id,
                "time": timezone.localtime(head.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
            }
        title = _("Audit chain digest for %(date)s") % {"date": timezone.localdate().isoformat()}
    logger.info("audit chain digest: %s", body)
    with transaction.atomic():
        for recipient in policy_for(LogEntry).digest_recipients(User.objects.all()):
            notice_create(recipient=recipient, kind="audit_digest", title=title, body=body)
    return body
