"""Audit rows for events that are not model saves: exports, refused accesses, logins.

Every row, however written, is linked into a hash chain in its own transaction (audit.chain).

Model creates, changes and deletes are recorded by django-auditlog's signals inside the same
transaction as the change (AUDITLOG_INCLUDE_ALL_MODELS); services wrap their writes in
`acting_as(actor)` so rows written outside a request still name who acted. Bulk jobs that save with
`bulk_create` (which sends no signals) write the same "create" rows with `audit_created`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date, datetime, time

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Min, Q
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import chain_append
from .models import AuditChainLink


@contextmanager
def acting_as(actor):
    """Attribute every audit row written inside the block to `actor` (a no-op in a request that already is)."""
    with set_actor(actor):
        yield


# What each event recorded below is called where people read the trail (the auditor's home).
EVENT_LABELS = {
    "access_refused": _("access refused"),
    "applicant_confirmed": _("applicant's email confirmed"),
    "audit_purge": _("old audit rows purged"),
    "download_application_document": _("application document downloaded"),
    "download_appointment_letter": _("appointment letter downloaded"),
    "download_attachment": _("attachment downloaded"),
    "download_pdf": _("PDF downloaded"),
    "download_signed_contract": _("signed contract downloaded"),
    "export_pdf": _("PDF exported"),
    "export_xlsx": _("spreadsheet exported"),
    "lockout": _("account locked"),
    "lockout_cleared": _("lockout cleared"),
    "login": _("signed in"),
    "login_failed": _("sign-in failed"),
    "notices_read": _("notices marked read"),
    "password_changed": _("password changed"),
    "relations_set": _("related records set"),
    "retry_report_job": _("report retried"),
    "score_changed": _("submitted score changed"),
    "two_factor_enabled": _("two-factor sign-in enabled"),
    "two_factor_failed": _("two-factor code refused"),
    "two_factor_reset": _("two-factor device reset"),
}


def event_label(event: str) -> str:
    return str(EVENT_LABELS.get(event, event))


def record_event(*, actor, event: str, obj: models.Model | None = None, **data) -> LogEntry:
    """Record that `actor` did `event` (for example "export_pdf") to `obj`, with extra `data`."""
    target = obj if obj is not None else actor
    if target is None:
        content_type = ContentType.objects.get_for_model(get_user_model())
        object_pk, object_repr = "", data.get("username", "")
    else:
        content_type = ContentType.objects.get_for_model(target)
        object_pk, object_repr = str(target.pk), str(target)
    # One transaction with its chain link, also when called outside one (tasks, commands).
    with transaction.atomic(savepoint=False):
        return LogEntry.objects.create(
            content_type=content_type,
            object_pk=object_pk,
            object_id=target.pk if target is not None and isinstance(target.pk, int) else None,
            object_repr=object_repr[:500],
            action=LogEntry.Action.ACCESS,
            actor=actor if actor is not None and actor.is_authenticated else None,
            additional_data={"event": event, **data},
        )


def audit_created(objs: Sequence[models.Model]) -> list[LogEntry]:
    """Write, in one INSERT, the "create" audit rows django-auditlog's post_save signal writes for each of
    `objs`: rows just saved with `bulk_create`, which sends no signals. Call it in the same transaction."""
    if auditlog_disabled.get():
        return []
    cid = get_cid()
    entries = []
    for obj in objs:
        if not auditlog.contains(type(obj)):
            continue
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=str(obj),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES),
            additional_data=obj.get_additional_data() if callable(getattr(obj, "get_additional_data", None)) else None,
            cid=cid,
        )
        # The actor and remote address of the current `acting_as` block or request: auditlog's set_actor
        # adds them in a pre_save receiver on LogEntry, which bulk_create does not send.
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=connection.alias, update_fields=None)
        entries.append(entry)
    entries = LogEntry.objects.bulk_create(entries)
    chain_append(entry.pk for entry in entries)
    return entries


# Audit rows younger than this are never deleted: here and, on PostgreSQL, in the trigger of
# accounts/migrations/0004_audit_trigger.py (which hard-codes the same 6 months).
AUDIT_RETENTION_MONTHS = 6


class AuditRetentionError(ValueError):
    pass


def audit_purge_cutoff() -> date:
    """The latest `before` date a purge may use: today (Beijing) minus the retention period."""
    return timezone.localdate() - relativedelta(months=AUDIT_RETENTION_MONTHS)


def audit_rows_before(before: date) -> models.QuerySet:
    start = datetime.combine(before, time.min, tzinfo=timezone.get_current_timezone())
    return LogEntry.objects.filter(timestamp__lt=start)


def audit_purge(*, before: date) -> int:
    """Delete audit rows from before `before` (a Beijing date); refuses when that is inside the retention period.

    The purge itself is recorded as an audit row.
    """
    cutoff = audit_purge_cutoff()
    if before > cutoff:
        raise AuditRetentionError(
            f"Audit rows are kept for {AUDIT_RETENTION_MONTHS} months: "
            f"--before must be {cutoff.isoformat()} or earlier."
        )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Lets the trigger accept these deletes, for this transaction only (and only for old rows).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zhuzhou.audit_purge = 'on'")
        rows = audit_rows_before(before)
        # Only a leading run of the chain goes, so what stays is one unbroken chain: a row written before
        # the date but committed after a younger one (a long transaction) stays with it.
        first_kept = LogEntry.objects.exclude(pk__in=rows.values("pk")).aggregate(seq=Min("chain_link__seq"))["seq"]
        if first_kept is not None:
            rows = rows.filter(Q(chain_link__seq__lt=first_kept) | Q(chain_link__isnull=True))
        deleted = rows.count()
        rows.delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zhuzhou.audit_purge = 'off'")
        # `verify_audit` accepts a chain that starts later than 1 only where a purge says so.
        start = AuditChainLink.objects.aggregate(seq=Min("seq"))["seq"]
        record_event(actor=None, event="audit_purge", before=before.isoformat(), deleted=deleted, chain_starts_at=start)
    return deleted
