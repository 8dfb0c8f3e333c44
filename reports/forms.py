"""Parameter fields shared by the report forms, scoped to the user who asks."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.autocomplete import offer
from accounts.models import Unit
from accounts.policy import visible


class ScopedUnitMixin:
    """A unit the user may not see is a 404, exactly like a unit that does not exist.

    The choices only offer units in the user's scope; an id typed into the query string that is
    outside it gets the same answer as a guessed id anywhere else (portal, admin, exports), so a
    report tells nothing about another unit, not even that it exists. A unit in scope that the report
    cannot use (e.g. not a budget unit) is an ordinary form error.
    """

    def _refuse_out_of_scope(self, values) -> None:
        ids = set()
        for value in values:
            try:
                ids.add(int(value))
            except (TypeError, ValueError):
                return  # not an id at all: the field's own "invalid choice" message
        if ids and visible(self.user, Unit).filter(pk__in=ids).count() != len(ids):
            raise Http404


class ScopedUnitField(ScopedUnitMixin, forms.ModelChoiceField):
    def __init__(self, *, user, queryset=None, **kwargs):
        self.user = user
        super().__init__(queryset=visible(user, Unit) if queryset is None else queryset, **kwargs)
        # Thousands of units province-wide: past a hundred the field searches as the user types (the unit
        # admin's search, scoped by the unit policy); `queryset` still decides what is accepted.
        offer(self, self.queryset, user=user, source=Unit._meta.get_field("parent"))

    def to_python(self, value):
        if value not in self.empty_values:
            self._refuse_out_of_scope([value])
        return super().to_python(value)


class ScopedUnitsField(ScopedUnitMixin, forms.ModelMultipleChoiceField):
    def __init__(self, *, user, queryset=None, **kwargs):
        self.user = user
        super().__init__(queryset=visible(user, Unit) if queryset is None else queryset, **kwargs)

    def clean(self, value):
        if value:
            self._refuse_out_of_scope(value if isinstance(value, list | tuple) else [value])
        return super().clean(value)


def year_field(*, initial: int | None = None, label=None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label or _("year"),
        min_value=2000,
        max_value=2100,
        initial=initial or timezone.localdate().year,
        error_messages={"required": _("Enter the year.")},
    )


def unit_pk(unit) -> int:
    """A unit parameter as an id: a Unit in cleaned data, an id in a job's stored parameters."""
    return unit.pk if isinstance(unit, Unit) else int(unit)


class ReportForm(forms.Form):
    """Base of every report's parameter form: `form_class(user=..., data=...)`."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
