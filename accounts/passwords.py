"""Password rules of GB/T 22239-2019 level 3 (and OWASP ASVS 2): length, complexity, history, not the username.

Used through AUTH_PASSWORD_VALIDATORS, so every place that sets a password from user input (the
password change page, the admin's add-user and set-password forms) applies them.
"""

from __future__ import annotations

import re
import string
import threading
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict
from zxcvbn import zxcvbn

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


# zxcvbn keeps a call's user_inputs in a module-wide dictionary: two threads at once would mix them.
_ZXCVBN_LOCK = threading.Lock()


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every syllable of Mandarin in pinyin without tones (about 420), from pypinyin's character table."""
    readings = (to_normal(reading) for value in pinyin_dict.values() for reading in value.split(","))
    return frozenset(reading for reading in readings if reading.isascii() and reading.isalpha())


def _syllable_count(word: str) -> int | None:
    """How few pinyin syllables spell `word` exactly; None when it is not pinyin."""
    syllables = pinyin_syllables()
    fewest: list[int | None] = [0] + [None] * len(word)
    for end in range(1, len(word) + 1):
        counts = [
            fewest[start] + 1
            for start in range(max(0, end - 6), end)
            if fewest[start] is not None and word[start:end] in syllables
        ]
        fewest[end] = min(counts) if counts else None
    return fewest[-1]


def pinyin_names(password: str) -> list[str]:
    """The runs of letters that read as a Chinese name or word in pinyin (two to four syllables: zhangwei,
    woaini, zhuzhou). Attackers' lists hold them; zxcvbn's English dictionaries do not."""
    runs = re.findall(r"[a-z]+", password.casefold())
    return [run for run in runs if 2 <= (_syllable_count(run) or 0) <= 4]


class GuessableValidator:
    """Dropbox's zxcvbn estimates how many guesses a password takes: keyboard walks (Qwertyuiop1!), common
    passwords with digits (Password123!), dates (birthdays), repeats and the account's own name. What it does
    not know, pinyin names and words, is given to it as known words (its `user_inputs`), with the account's
    own names. `min_score` 4, the highest, asks for about 10^10 guesses or more."""

    def __init__(self, min_score: int = 4):
        self.min_score = min_score

    def validate(self, password, user=None):
        known = pinyin_names(password)
        if user is not None:
            known += [getattr(user, field, "") or "" for field in ("username", "first_name", "last_name", "email")]
        # zxcvbn's time grows with the length; past 72 characters a password is long enough anyway.
        if len(password) > 72:
            return
        with _ZXCVBN_LOCK:
            score = zxcvbn(password, user_inputs=known)["score"]
        if score < self.min_score:
            raise ValidationError(
                _(
                    "This password is easy to guess: it is built from a common password, a keyboard pattern, "
                    "a name or a date. Use a few unrelated words, for example."
                ),
                code="password_too_guessable",
            )

    def get_help_text(self):
        return _("Not a common password, keyboard pattern, name or date.")


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
