"""Filters for official-document formatting: Chinese dates and amounts in 万元."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from ui.formatting import format_date, to_wan

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2025年12月31日: the project's one date style (ui.formatting.format_date)."""
    return format_date(value)


@register.filter
def percent(value, places: int = 1) -> str:
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-int(places))
    return f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)}%"


@register.filter
def wan_figure(value, places: int = 2) -> str:
    """Yuan as a bare figure in 万 for tables headed "单位：万元": Decimal("98500") → "9.85"."""
    wan = to_wan(value, int(places))
    return "—" if wan is None else f"{wan:,}"
