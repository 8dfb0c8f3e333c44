"""Figures per sub-jurisdiction: one row per child of a jurisdiction, each counting the child's whole area
(a province's row for a city holds the city's counties too).

Each figure is one GROUP BY over `child_of(...)`, the child whose path prefixes the row's unit path, so the
number of queries does not grow with the number of children.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Case, IntegerField, Q, Value, When

from .models import Jurisdiction
from .policy import get_for, visible


def jurisdiction_param(request) -> Jurisdiction | None:
    """The `jurisdiction` filter of a list or statistics page: one the user may see, or 404."""
    value = request.GET.get("jurisdiction", "")
    if not value:
        return None
    return get_for(request.user, Jurisdiction, pk=value)


def sub_jurisdictions(user, jurisdiction: Jurisdiction | None = None) -> list[Jurisdiction]:
    """The children of `jurisdiction` (default: the user's own) that the user may see. Officers see no
    jurisdiction and finance approvers only their own, so they have none."""
    parent = jurisdiction or user.jurisdiction
    if parent is None:
        return []
    return list(visible(user, Jurisdiction).filter(parent=parent).order_by("path"))


def in_areas(children: list[Jurisdiction], path_field: str) -> Q:
    """Rows whose `path_field` (a unit's materialised path) lies in one of the children's areas."""
    return reduce(or_, [Q(**{f"{path_field}__startswith": child.path}) for child in children])


def child_of(children: list[Jurisdiction], path_field: str) -> Case:
    """The pk of the child whose area holds the row's unit (by its `path_field`): a key to group by."""
    return Case(
        *[When(Q(**{f"{path_field}__startswith": child.path}), then=Value(child.pk)) for child in children],
        output_field=IntegerField(),
    )
