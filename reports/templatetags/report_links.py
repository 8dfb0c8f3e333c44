"""`{% report_link "inspection-letter" unit=... year=... %}`: a link to a PDF report, for those who may export it.

Other apps' pages use it to offer the report behind what they show (the inspection page its letter,
the fee statistics their summary); it renders nothing for a role the report is not for.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reports import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def report_link(context, key: str, **params):
    spec = registry.get(key)
    user = context.get("user")
    if spec is None or spec not in registry.available_to(user):
        return ""
    query = urlencode([(name, value) for name, value in params.items() if value not in (None, "")], doseq=True)
    url = reverse("reports:export", args=[key]) + (f"?{query}" if query else "")
    return format_html(
        '<a class="btn report-link" id="report-{}" href="{}">{}</a>',
        key,
        url,
        _("%(title)s (PDF)") % {"title": spec.title},
    )
