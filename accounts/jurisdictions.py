"""Figures per sub-jurisdiction: one row per child of a jurisdiction, each counting the child's whole area
(a province's row for a city holds the city's counties too).

Figures are grouped by the jurisdiction path of the rows' unit in one query each; `roll_up` then gives each
group to the child whose path is a prefix of it, so the number of queries does not grow with the children.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

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


def child_for(children: list[Jurisdiction], path: str | None) -> Jurisdiction | None:
    """The child whose area holds the jurisdiction at `path` (itself or one below it)."""
    if path:
        for child in children:
            if path.startswith(child.path):
                return child
    return None


def in_areas(children: list[Jurisdiction], path_field: str) -> Q:
    """Rows whose `path_field` (a unit's materialised path) lies in one of the children's areas."""
    return reduce(or_, [Q(**{f"{path_field}__startswith": child.path}) for child in children])


def roll_up(children: list[Jurisdiction], rows: Iterable[tuple[str | None, Any]]) -> dict[int, list]:
    """{child pk: [values of the rows whose jurisdiction path lies in the child's area]}."""
    grouped: dict[int, list] = {child.pk: [] for child in children}
    for path, value in rows:
        child = child_for(children, path)
        if child is not None:
            grouped[child.pk].append(value)
    return grouped
