from django import template

from budgets.formatting import format_percent, format_wan, format_yuan

register = template.Library()


@register.filter
def wan(amount):
    """{{ amount|wan }} → 374.2万元"""
    return format_wan(amount)


@register.filter
def yuan(amount):
    """{{ amount|yuan }} → 3,742,000.00元"""
    return format_yuan(amount)


@register.filter
def pct(value):
    """{{ value|pct }} → 25.3%"""
    return format_percent(value)


@register.filter
def absolute(value):
    return abs(value) if value is not None else None
