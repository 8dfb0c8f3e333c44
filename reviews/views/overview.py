from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Jurisdiction
from accounts.policy import OVERSEE, require

from ..grades import Grade
from ..models import UnitWorkReport
from ..selectors import overview
from .common import list_filters


@require_GET
@login_required
def overview_page(request):
    """The bureau's (and auditors') view of a year: reports, grades, county progress, inspection averages."""
    require(request.user, Jurisdiction, OVERSEE)
    year, _state, _q, years = list_filters(request)
    figures = overview(request.user, year=year)
    return render(
        request,
        "reviews/overview.html",
        {
            "year": year,
            "years": years,
            "reports": figures["reports"],
            "grades": [(label, figures["grades"][value]) for value, label in Grade.choices],
            "work_reports": [
                (label, figures["work_reports"].get(value, 0)) for value, label in UnitWorkReport.Status.choices
            ],
            "counties": figures["counties"],
            "campaign": figures["campaign"],
            "averages": figures["averages"],
        },
    )
