"""Filters for official-document formatting: Chinese dates and amounts in 万元."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2025年12月31日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def percent(value, places: int = 1) -> str:
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-int(places))
    return f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)}%"


@register.filter
def wan_figure(value, places: int = 2) -> str:
    """Yuan as a bare figure in 万 for tables headed "单位：万元": Decimal("98500") → "9.85"."""
    from budgets.formatting import to_wan

    wan = to_wan(value, int(places))
    return "—" if wan is None else f"{wan:,}"
