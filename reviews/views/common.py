from django.utils import timezone

from ..forms import ListFilterForm
from ..todo import reporting_year


def list_filters(request) -> tuple[int, str, str, list[int]]:
    """(year, state, search, years to offer) from the query string."""
    form = ListFilterForm(request.GET)
    years = list(range(timezone.localdate().year, 2019, -1))
    return form.value("year", reporting_year()), form.value("state", ""), form.value("q", ""), years
