"""The fixed formats of an adviser's master data, each one regular expression shared by the model's
validation and the database's CHECK constraint (Django's `__regex` lookup: REGEXP on SQLite, `~` on
PostgreSQL)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A lawyer's practice licence number (律师执业证号): 17 digits.
LAWYER_LICENCE = r"^[0-9]{17}$"
# A mainland mobile number: 1, then 3–9, then nine digits.
MOBILE = r"^1[3-9][0-9]{9}$"
# A landline: area code (0 and two or three digits), a hyphen, seven or eight digits, an optional extension.
LANDLINE = r"^0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?$"

PHONE_MESSAGE = _(
    "Enter a mobile number (11 digits starting 13–19, e.g. 13812345678) or a landline with its area code "
    "(e.g. 0731-22881234)."
)
LICENCE_MESSAGE = _("A lawyer's practice licence number has 17 digits (e.g. 14302201910123456).")


def validate_phone(value: str) -> None:
    if not (re.match(MOBILE, value) or re.match(LANDLINE, value)):
        raise ValidationError(PHONE_MESSAGE, code="phone")


def is_lawyer_licence(value: str) -> bool:
    return re.match(LAWYER_LICENCE, value) is not None
