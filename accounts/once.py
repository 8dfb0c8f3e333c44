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
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SubmissionToken

FIELD = "once_token"


MISSING = gettext_lazy(
    "This form was sent without its one-time token, so nothing was saved (it may have been opened before an "
    "update, or sent by a script). Check what you entered and send it again."
)


class OnceTokenMixin:
    """A create form's hidden one-time token, required (an edit form, `creating=False`, has none): a new one on
    each blank form, kept when the form is shown again with errors (nothing was created, so the corrected POST may
    still create). A POST without one (or with one that is not a token) is refused at the top of the form, and the
    form shown again carries a fresh token, so that sending it once more works."""

    def __init__(self, *args, creating: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if creating is None:  # a model form edits its instance once it has one; other forms say
            instance = getattr(self, "instance", None)
            creating = instance is None or instance.pk is None
        if not creating:
            return
        self.fields[FIELD] = forms.UUIDField(
            widget=forms.HiddenInput,
            initial=uuid.uuid4,
            error_messages={"required": MISSING, "invalid": MISSING},
        )

    def clean(self):
        cleaned_data = super().clean()
        if FIELD in self.errors:  # a hidden field's error would be shown nowhere: say it at the top
            del self.errors[FIELD]
            self.add_error(None, MISSING)
            self.data = self.data.copy()
            self.data[FIELD] = str(uuid.uuid4())
        return cleaned_data


def submitted_before(*, user, token: uuid.UUID | str | None) -> models.Model | None:
    """The record an earlier POST of this user's form with `token` made, or None."""
    if not token:
        return None
    try:
        earlier = SubmissionToken.objects.select_related("content_type").filter(token=token, user=user).first()
    except ValidationError:  # not a UUID: not a token we issued
        return None
    return earlier.record if earlier else None


def resent(request) -> models.Model | None:
    """The record an earlier POST of this very form (its token) made, with the message saying so; None for a
    form not sent before. Asked before the form is validated, so that a resent form changes nothing."""
    earlier = submitted_before(user=request.user, token=request.POST.get(FIELD))
    if earlier is not None:
        messages.info(request, already_sent_message(earlier))
    return earlier


def create_once(*, user, token: uuid.UUID, create: Callable[[], models.Model]) -> tuple[models.Model, bool]:
    """Run `create` once per token, in one transaction with the token's claim; returns (record, created now).

    A token claimed already returns the record its first POST made; `create` does not run."""
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


def save_once(*, user, token: uuid.UUID, creating: bool, save: Callable[[], models.Model]) -> tuple[models.Model, bool]:
    """On a page that creates its record the first time and edits it afterwards (a duty report, an assessment):
    the creating POST claims the token; an edit simply saves."""
    if creating:
        return create_once(user=user, token=token, create=save)
    return save(), True


def already_sent_message(record) -> str:
    return _("This form had been sent already, so nothing new was saved: the record it made is “%(record)s”.") % {
        "record": record
    }
