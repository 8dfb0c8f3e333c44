from django import template

from ..grades import Grade
from ..models import Decision

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def grade_label(value):
    return Grade(value).label if value in Grade.values else ""


@register.filter
def decision_label(value):
    return Decision(value).label if value in Decision.values else ""
