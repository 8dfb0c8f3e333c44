"""Sorting portal lists by the column a person clicks (?sort=amount, ?sort=-amount)."""

from __future__ import annotations

from django.db.models import QuerySet


def sorted_by(request, queryset: QuerySet, columns: dict[str, str], default: str) -> tuple[QuerySet, str]:
    """The queryset ordered by the requested column, and the sort key in force.

    `columns` maps the keys users may send to ORM paths; anything else falls back to `default`, so a
    hand-typed ?sort= can neither fail nor order by a field the list does not show.
    """
    wanted = request.GET.get("sort", "")
    if wanted.lstrip("-") not in columns:
        wanted = default
    descending = wanted.startswith("-")
    field = columns[wanted.lstrip("-")]
    # The primary key breaks ties, so a page boundary never moves between requests.
    return queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk"), wanted
