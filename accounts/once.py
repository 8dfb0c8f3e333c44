"""Idempotent creates: every create form carries a one-time token (a hidden field), and the record is created
in the same transaction that claims the token, so the same POST sent twice (a double click, a resent form,
two requests at once) makes one record; the second is shown the record the first one made.

The claim is an INSERT of a SubmissionToken row, whose primary key is the token: a concurrent second INSERT
waits for the first transaction and then fails (or succeeds, if the first rolled back and created nothing).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .models import SubmissionToken

FIELD = "once_token"


class OnceTokenMixin:
    """A create form's hidden one-time token: a new one on each blank form, kept when the form is shown again
    with errors (nothing was created, so the corrected POST may still create)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


def submitted_before(*, user, token: uuid.UUID | str | None) -> models.Model | None:
    """The record an earlier POST of this user's form with `token` made, or None."""
    if not token:
        return None
    try:
        earlier = SubmissionToken.objects.select_related("content_type").filter(token=token, user=user).first()
    except ValidationError:  # not a UUID: not a token we issued
        return None
    return earlier.record if earlier else None


def create_once(*, user, token: uuid.UUID | None, create: Callable[[], models.Model]) -> tuple[models.Model, bool]:
    """Run `create` once per token, in one transaction with the token's claim; returns (record, created now).

    Without a token (a client that sent none) `create` simply runs. A token claimed already returns the
    record its first POST made; `create` does not run."""
    if token is None:
        return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionToken.objects.create(token=token, user=user)
        except IntegrityError:
            earlier = submitted_before(user=user, token=token)
            if earlier is None:  # another user's token, or one whose record is gone: not ours to reuse
                raise ValidationError(
                    _("This form can no longer be sent. Open it again and re-enter what you wrote.")
                ) from None
            return earlier, False
        record = create()
        claim.content_type = ContentType.objects.get_for_model(record)
        claim.object_id = record.pk
        claim.save(update_fields=["content_type", "object_id"])
    return record, True


def already_sent_message(record) -> str:
    return _("This form had been sent already, so nothing new was saved: the record it made is “%(record)s”.") % {
        "record": record
    }
