"""The project's display conventions, loaded into every template (settings TEMPLATES "builtins")."""

from django import template

from ui.formatting import format_date, format_datetime, format_percent, format_wan, format_yuan

register = template.Library()


@register.filter
def yuan(amount):
    """{{ amount|yuan }} → 1,500,000.00元"""
    return format_yuan(amount)


@register.filter
def wan(amount):
    """{{ amount|wan }} → 150.0万元"""
    return format_wan(amount)


@register.filter
def pct(value):
    """{{ value|pct }} → 25.3% (a value already multiplied by 100)"""
    return format_percent(value)


@register.filter
def absolute(value):
    return abs(value) if value is not None else None


@register.filter
def day(value):
    """{{ date|day }} → 2025年12月15日"""
    return format_date(value)


@register.filter
def moment(value, seconds=False):
    """{{ datetime|moment }} → 2025年12月15日 14:30 (Beijing time); {{ datetime|moment:True }} with seconds."""
    return format_datetime(value, seconds=bool(seconds))


@register.filter
def who(user):
    """How records name who acted: 李芳（单位法制工作人员）; "—" for nobody (a system job)."""
    if user is None:
        return "—"
    return user.name_with_role
