"""The project's display conventions, loaded into every template (settings TEMPLATES "builtins")."""

from django import template

register = template.Library()


@register.filter
def who(user):
    """How records name who acted: 李芳（单位法制工作人员）; "—" for nobody (a system job)."""
    if user is None:
        return "—"
    return user.name_with_role
