"""Amounts the way Chinese reports show them: 374.2万元, 3,742,000.00元, 25.3%."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

TEN_THOUSAND = Decimal(10000)


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_wan(amount, places: int = 1) -> str:
    """Yuan as 万元 with `places` decimals, rounded half up: Decimal("3742000") → "374.2万元"."""
    value = _as_decimal(amount)
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    wan = (value / TEN_THOUSAND).quantize(quantum, rounding=ROUND_HALF_UP)
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
