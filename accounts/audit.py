"""Audit rows for events that are not model saves: exports, refused accesses, logins.

Model creates, changes and deletes are recorded by django-auditlog's signals inside the same
transaction as the change (AUDITLOG_INCLUDE_ALL_MODELS); services wrap their writes in
`acting_as(actor)` so rows written outside a request still name who acted.
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


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
