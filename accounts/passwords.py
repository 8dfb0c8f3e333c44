"""Password rules of GB/T 22239-2019 level 3 (and OWASP ASVS 2): length, complexity, history, not the username.

Used through AUTH_PASSWORD_VALIDATORS, so every place that sets a password from user input (the
password change page, the admin's add-user and set-password forms) applies them.
"""

from __future__ import annotations

import string

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HISTORY_DEPTH = 3


def character_classes(password: str) -> int:
    """How many of the four classes (upper case, lower case, digits, other characters) the password uses."""
    classes = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    ]
    return sum(classes)


class MinimumLengthValidator:
    """Django's, with a message of our own (Django 5.2's Chinese catalogue lacks its new wording)."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("The password is too short: it must have at least %(count)d characters.")
                % {"count": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("At least %(count)d characters.") % {"count": self.min_length}


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "The password must use at least %(count)d of: upper-case letters, lower-case letters, digits, "
            "other characters."
        ) % {"count": self.min_classes}


class NotUsernameValidator:
    """Stricter than similarity: the username may not appear in the password at all, forwards or backwards."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").casefold()
        lowered = password.casefold()
        if username and (username in lowered or username[::-1] in lowered):
            raise ValidationError(_("The password must not contain the username."), code="password_contains_username")

    def get_help_text(self):
        return _("The password must not contain your username.")


class PasswordHistoryValidator:
    """Refuses the current password and the ones before it; records each new password's hash."""

    def __init__(self, depth: int = HISTORY_DEPTH):
        self.depth = depth

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        recent = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.depth]
        if any(check_password(password, encoded) for encoded in recent) or (
            user.password and check_password(password, user.password)
        ):
            raise ValidationError(
                _("The password must differ from your last %(count)d passwords.") % {"count": self.depth},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=make_password(password))
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.depth :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("The password must differ from your last %(count)d passwords.") % {"count": self.depth}
