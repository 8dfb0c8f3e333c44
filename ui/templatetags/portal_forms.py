from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


def _refused_forms(context):
    seen = set()
    for value in context.flatten().values():
        forms = value.forms if isinstance(value, BaseFormSet) and value.is_bound else [value]
        for form in forms:
            if isinstance(form, BaseForm) and form.is_bound and id(form) not in seen and form.errors:
                seen.add(id(form))
                yield form


@register.inclusion_tag("portal/_error_summary.html", takes_context=True)
def error_summary(context):
    """Every error of every refused form on the page, once, at the top, each linked to its field (WCAG 3.3.1)."""
    items = []
    for form in _refused_forms(context):
        for name, errors in form.errors.items():
            field = form[name] if name != NON_FIELD_ERRORS and name in form.fields else None
            # A hidden field or the form as a whole has nothing to focus: the message alone.
            linkable = field is not None and not field.is_hidden
            for message in errors:
                items.append(
                    {
                        "target": field.id_for_label if linkable else "",
                        "label": field.label if linkable else "",
                        "message": message,
                    }
                )
    return {"items": items}
