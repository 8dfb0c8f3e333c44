"""Reference data owned by a jurisdiction, inherited downwards.

Fee standards, coefficients, procurement thresholds, rule settings, assessment schemes and the adviser
monitoring settings belong to a jurisdiction. A county that has set none uses its city's, a city that has
set none the province's: the nearest of `jurisdiction.ancestors()` (self first) that has rows.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery


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
    from .models import Jurisdiction

    if where is None:
        return Jurisdiction.objects.filter(parent__isnull=True).order_by("pk").first()
    return Jurisdiction.objects.filter(path__in=path_prefixes(where)).order_by("path").first()


def owner_for(actor):
    """The jurisdiction a new row of reference data belongs to: the actor's own (a superuser's: the top)."""
    return getattr(actor, "jurisdiction", None) or top_of(None)
