from django import template

from advisers import policies
from advisers.selectors import adoption_rate

register = template.Library()


@register.filter
def shown_phone(adviser) -> str:
    """The phone, masked unless the row was annotated as visible to this user (advisers.policies.with_contact)."""
    return policies.shown_phone(adviser)


@register.filter
def shown_licence(adviser) -> str:
    return policies.shown_licence(adviser)


@register.simple_tag
def rate(adopted, total) -> str:
    value = adoption_rate(adopted or 0, total or 0)
    return "—" if value is None else f"{value}%"
