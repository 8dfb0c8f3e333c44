"""Choices from tables that grow to thousands of rows (20,000 advisers, 30,000 engagements province-wide).

A <select> of every row takes seconds to render and nobody scrolls it. So a field keeps its plain
<select> while the user's choices are few (an officer's own advisers) and becomes the admin's
autocomplete widget (select2, 20 matches at a time) beyond `LARGE`. The matches come from:

- the admin's autocomplete view by default: it searches the remote model's ModelAdmin, whose
  `get_queryset` is the model's policy — the rows of `visible(user, Model)` — with its `search_fields`;
- a portal URL answering with `json_choices`, for a choice set with a rule of its own (the city's whole
  adviser pool for re-selection candidates, the engagements a settlement can be prepared for).

Either way the field's queryset is what validates the posted value: a row outside it is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import admin
from django.db import models
from django.http import JsonResponse

from ui.search import search_condition

from .admin_base import SafeAutocompleteSelect
from .policy import VIEW, policy_for

LARGE = 100
PER_PAGE = 20


class PortalAutocompleteSelect(SafeAutocompleteSelect):
    """The admin's autocomplete widget, asking a portal URL instead of the admin's autocomplete view."""

    def __init__(self, field, url: str, **kwargs):
        super().__init__(field, admin.site, **kwargs)
        self.url = url

    def get_url(self):
        return self.url


def offer(form_field, queryset: models.QuerySet, *, source, user=None, url: str | None = None) -> None:
    """Let `form_field` (a ModelChoiceField) choose from `queryset`, searched as the user types when it is large.

    `source` is the model field the choice is for (its remote model's ModelAdmin answers the searches);
    `url`, when given, is a portal URL that answers them instead. Without `url` the widget needs the
    admin's view of that model, so users without it keep the <select>.
    """
    form_field.queryset = queryset
    if url is None and not _admin_searches(user, source.related_model):
        return
    if queryset.order_by()[: LARGE + 1].count() <= LARGE:
        return
    widget = PortalAutocompleteSelect(source, url) if url else SafeAutocompleteSelect(source, admin.site)
    widget.is_required = form_field.required
    widget.choices = form_field.choices
    form_field.widget = widget


def _admin_searches(user, model) -> bool:
    """May this user search `model` through the admin's autocomplete view (ScopedAdminMixin's view permission)?"""
    return user is not None and user.uses_admin and policy_for(model).can(user, VIEW)


def json_choices(
    request, queryset: models.QuerySet, *, search_fields: Iterable[str], label: Callable[[models.Model], str] = str
) -> JsonResponse:
    """One page of `queryset` matching the typed term, as select2 (and the admin's autocomplete view) expect it."""
    term = request.GET.get("term", "").strip()
    if term:
        queryset = queryset.filter(search_condition(queryset.model, list(search_fields), term))
    try:
        # Bounded: an offset beyond 64 bits is an error in SQLite, not an empty page.
        page = min(max(int(request.GET.get("page", 1)), 1), 10**6)
    except ValueError:
        page = 1
    start = (page - 1) * PER_PAGE
    # One row past the page says whether there is a next one, without counting every match.
    rows = list(queryset[start : start + PER_PAGE + 1])
    return JsonResponse(
        {
            "results": [{"id": str(row.pk), "text": label(row)} for row in rows[:PER_PAGE]],
            "pagination": {"more": len(rows) > PER_PAGE},
        }
    )
