"""Jurisdictions' own data and figures.

Reference data owned by a jurisdiction is inherited downwards: fee standards, coefficients, procurement
thresholds, rule settings, assessment schemes and the adviser monitoring settings belong to a
jurisdiction, and a county that has set none uses its city's, a city that has set none the province's —
the nearest of the jurisdiction and those above it (self first) that has rows (`effective`).

Figures per sub-jurisdiction: one row per child of a jurisdiction, each counting the child's whole area
(a province's row for a city holds the city's counties too). Each figure is one GROUP BY over
`child_of(...)`, the child whose path prefixes the row's unit path, so the number of queries does not
grow with the number of children.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from .models import Jurisdiction
from .policy import get_for, visible


def path_prefixes(where) -> list[str]:
    """The paths of `where` (a jurisdiction, or a unit) and of every unit above it ("1/", "1/5/", "1/5/23/").

    The jurisdictions above are among them (a jurisdiction's path is its government's), so rows owned by
    an ancestor are found by one `jurisdiction__path__in` without loading the ancestors first. A unit's
    prefixes lead to the same jurisdictions as its jurisdiction's (that is the nearest government above
    it), so a unit can be asked about without loading its jurisdiction.
    """
    parts = [part for part in where.path.split("/") if part]
    return ["".join(f"{part}/" for part in parts[: i + 1]) for i in range(len(parts))]


def effective(queryset: QuerySet, where, *, per: tuple[str, ...] = (), field: str = "jurisdiction") -> QuerySet:
    """The rows of `queryset` owned by the nearest of `where`'s jurisdiction (`where`: a jurisdiction or a
    unit) and those above it that has any.

    `per` names fields decided separately (per=("year",): a county with its own 2026 standards still
    uses the city's for 2025). One query: the nearest owner is a subquery (the longest matching path,
    as a path's prefix sorts before it). Without a jurisdiction, the top level's rows.
    """
    if where is None:
        return queryset.filter(**{f"{field}__parent__isnull": True})
    candidates = queryset.filter(**{f"{field}__path__in": path_prefixes(where)})
    nearest = candidates.filter(**{name: OuterRef(name) for name in per}) if per else candidates
    nearest = nearest.order_by(f"-{field}__path").values(field)[:1]
    return candidates.filter(**{field: Subquery(nearest)})


def top_of(where):
    """The top-level jurisdiction above `where` (a jurisdiction or a unit; None: the first top level):
    where installation defaults are kept."""
    if where is None:
        return Jurisdiction.objects.filter(parent__isnull=True).order_by("pk").first()
    return Jurisdiction.objects.filter(path__in=path_prefixes(where)).order_by("path").first()


def owner_for(actor):
    """The jurisdiction a new row of reference data belongs to: the actor's own (a superuser's: the top)."""
    return getattr(actor, "jurisdiction", None) or top_of(None)


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


class JurisdictionSettings(models.Model):
    """Settings a jurisdiction's bureau staff keep in the admin, at most one row per jurisdiction (a
    `jurisdiction` one-to-one field of the subclass); a level without its own follows the nearest above."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.jurisdiction}"

    @classmethod
    def for_jurisdiction(cls, where):
        """The settings in force for `where` (a jurisdiction or a unit; None: the top level): its own, else
        the nearest above. Where none is stored (a top-level jurisdiction gets a row when it is created),
        unsaved defaults of the top level."""
        found = effective(cls.objects.select_related("jurisdiction"), where).first()
        return found or cls(jurisdiction=top_of(where))
