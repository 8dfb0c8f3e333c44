from django import template

from ..trail import event_label

register = template.Library()


@register.filter
def audit_event(event):
    """{{ entry.additional_data.event|audit_event }} → 登录 (audit.trail.EVENT_LABELS)"""
    return event_label(event)
