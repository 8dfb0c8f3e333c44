"""Portal lists: one page of rows (?page=2) sorted by the column a person clicks (?sort=amount, ?sort=-amount)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PER_PAGE = 30


def paginate(request, rows, per_page: int = PER_PAGE) -> Page:
    """The page the query string asks for; a missing, wrong or too large number gives the first or last page."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


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
