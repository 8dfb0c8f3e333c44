"""Audit rows for events that are not model saves: exports, refused accesses, logins.

Model creates, changes and deletes are recorded by django-auditlog's signals inside the same
transaction as the change (AUDITLOG_INCLUDE_ALL_MODELS); services wrap their writes in
`acting_as(actor)` so rows written outside a request still name who acted.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time
from functools import wraps

from auditlog.context import set_actor
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone


@contextmanager
def acting_as(actor):
    """Attribute every audit row written inside the block to `actor` (a no-op in a request that already is)."""
    with set_actor(actor):
        yield


def record_event(*, actor, event: str, obj: models.Model | None = None, **data) -> LogEntry:
    """Record that `actor` did `event` (for example "export_pdf") to `obj`, with extra `data`."""
    target = obj if obj is not None else actor
    if target is None:
        from .models import User

        content_type = ContentType.objects.get_for_model(User)
        object_pk, object_repr = "", data.get("username", "")
    else:
        content_type = ContentType.objects.get_for_model(target)
        object_pk, object_repr = str(target.pk), str(target)
    return LogEntry.objects.create(
        content_type=content_type,
        object_pk=object_pk,
        object_id=target.pk if target is not None and isinstance(target.pk, int) else None,
        object_repr=object_repr[:500],
        action=LogEntry.Action.ACCESS,
        actor=actor if actor is not None and actor.is_authenticated else None,
        additional_data={"event": event, **data},
    )


def record_export(request, *, what: str, obj: models.Model | None = None, **data) -> LogEntry:
    """Record that the requesting user exported `what` (an xlsx list, a PDF report...), with the query used."""
    return record_event(
        actor=request.user, event="export", obj=obj, what=what, path=request.get_full_path()[:500], **data
    )


def audited_export(what: str):
    """Decorator for export/download views: a successful (200) response leaves an "export" audit row.

    Use it on every view that hands records out of the system (xlsx, PDF, file downloads)::

        @audited_export("contracts_xlsx")
        def contract_export(request): ...
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and getattr(request, "user", None) is not None and request.user.is_authenticated:
                record_export(request, what=what, url_kwargs={k: str(v) for k, v in kwargs.items()})
            return response

        return wrapper

    return decorator


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
            f"Audit rows are kept for {AUDIT_RETENTION_MONTHS} months: --before must be {cutoff.isoformat()} or earlier."
        )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Lets the trigger accept these deletes, for this transaction only (and only for old rows).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zhuzhou.audit_purge = 'on'")
        deleted, _by_model = audit_rows_before(before).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zhuzhou.audit_purge = 'off'")
        record_event(actor=None, event="audit_purge", before=before.isoformat(), deleted=deleted)
    return deleted
