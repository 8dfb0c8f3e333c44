from django.utils import timezone

from ..forms import ListFilterForm


def reporting_year() -> int:
    """The year whose reports are being worked on: this year from December, before that last year."""
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def list_filters(request) -> tuple[int, str, str, list[int]]:
    """(year, state, search, years to offer) from the query string."""
    form = ListFilterForm(request.GET)
    years = list(range(timezone.localdate().year, 2019, -1))
    return form.value("year", reporting_year()), form.value("state", ""), form.value("q", ""), years
