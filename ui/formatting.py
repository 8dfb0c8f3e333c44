"""The one way the portal, the admin, exports and PDFs show amounts and dates, as Chinese reports do:
374.2万元, 3,742,000.00元, 25.3%, 2025年12月15日 (GB/T 9704: Arabic numerals, no leading zeros)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _

TEN_THOUSAND = Decimal(10000)


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_wan(amount, places: int = 1) -> Decimal | None:
    """Yuan in 万 with `places` decimals, rounded half up: Decimal("3742000") → Decimal("374.2")."""
    value = _as_decimal(amount)
    if value is None:
        return None
    return (value / TEN_THOUSAND).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_wan(amount, places: int = 1) -> str:
    """Yuan as 万元 with `places` decimals, rounded half up: Decimal("3742000") → "374.2万元"."""
    wan = to_wan(amount, places)
    if wan is None:
        return "—"
    return _("%(amount)s ten-thousand yuan") % {"amount": f"{wan:,}"}


def format_yuan(amount) -> str:
    """Yuan with thousands separators and fen: Decimal("3742000") → "3,742,000.00元"."""
    value = _as_decimal(amount)
    if value is None:
        return "—"
    return _("%(amount)s yuan") % {"amount": f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"}


def format_percent(value, places: int = 1) -> str:
    """A percentage already multiplied by 100: Decimal("25.307") → "25.3%"."""
    value = _as_decimal(value)
    if value is None:
        return "—"
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def format_date(value) -> str:
    """2025年12月15日; a moment is shown as its Beijing date; "" for none."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def format_datetime(value, *, seconds: bool = False) -> str:
    """2025年12月15日 14:30 in Beijing time (with seconds where they decide something, e.g. a deadline)."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date())} {local:%H:%M:%S}" if seconds else f"{format_date(local.date())} {local:%H:%M}"


def amount_validators(*, maximum: Decimal | None = None, minimum: Decimal = Decimal(0)) -> list:
    """Bounds on an amount whose messages show the bound as every page does: "不能超过10,000.00元".
    Call it when the form is built (in a request), so that the message is in the reader's language."""
    validators = [
        MinValueValidator(minimum, message=_("Cannot be less than %(limit)s.") % {"limit": format_yuan(minimum)})
    ]
    if maximum is not None:
        validators.append(
            MaxValueValidator(maximum, message=_("Cannot exceed %(limit)s.") % {"limit": format_yuan(maximum)})
        )
    return validators
