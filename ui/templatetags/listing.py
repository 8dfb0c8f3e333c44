from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, current: str, css_class: str = ""):
    """A column heading that sorts the list by `key`; a second click reverses the order. Keeps the filters."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    ascending, descending = current == key, current == f"-{key}"
    params["sort"] = f"-{key}" if ascending else key
    state = "ascending" if ascending else "descending" if descending else "none"
    arrow = " ▲" if ascending else " ▼" if descending else ""
    hint = _("Sort by this column")
    return format_html(
        '<th class="sortable {}" aria-sort="{}"><a href="?{}" title="{}">{}{}</a></th>',
        css_class,
        state,
        params.urlencode(),
        hint,
        label,
        arrow,
    )
