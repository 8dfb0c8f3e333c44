"""Report 1: the fee budget and savings summary for a year or its first quarters (经费预算与节约情况汇总).

Bureau staff and auditors: every budget unit. Finance approvers: every budget unit too (approving the
fees is their domain and they already read every request and the statistics page). Unit legal officers:
the budget units of their own subtree, the same figures as their statistics page.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.policy import visible
from budgets.fee_statistics import METRICS, Period, budget_statistics, latest_approved_year
from budgets.models import BudgetRequest
from ui.formatting import format_wan

from ..charts import Series, bar_chart
from ..forms import ReportForm, ScopedUnitsField, year_field
from ..registry import ReportSpec, register

QUARTERS = [(1, _("Q1")), (2, _("Q1–Q2")), (3, _("Q1–Q3")), (4, _("Full year"))]
METRIC_LABELS = {
    "requested": _("Requested"),
    "recommended": _("Recommended by the justice bureau"),
    "approved": _("Approved by the finance bureau"),
    "settled": _("Settled (pay for performance)"),
}


class BudgetSummaryForm(ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field(initial=latest_approved_year(), label=_("fiscal year"))
        self.fields["through_quarter"] = forms.TypedChoiceField(
            label=_("period"), choices=QUARTERS, coerce=int, initial=4
        )
        self.fields["units"] = ScopedUnitsField(
            user=self.user,
            queryset=budget_units(self.user),
            required=False,
            label=_("units"),
            help_text=_("Leave empty for every budget unit you may see."),
        )


def budget_units(user):
    return visible(user, Unit).filter(is_budget_unit=True).order_by("path")


def _period(params) -> Period:
    return Period(params["year"], params["through_quarter"])


def row_count(*, user, params) -> int:
    units = params.get("units")
    return len(units) if units else budget_units(user).count()


def build(*, user, params, progress) -> dict:
    period = _period(params)
    stats = budget_statistics(user=user, period=period, units=list(params.get("units") or []) or None)
    progress(30)
    metrics = [m for m in METRICS if m != "settled" or period.is_full_year]
    chart = bar_chart(
        [str(METRIC_LABELS[m]) for m in metrics],
        [
            Series(
                str(period.previous),
                [stats.totals[m].previous for m in metrics],
                [format_wan(stats.totals[m].previous) for m in metrics],
            ),
            Series(
                str(period),
                [stats.totals[m].current for m in metrics],
                [format_wan(stats.totals[m].current) for m in metrics],
            ),
        ],
        title=gettext("Fees against the same period of the previous year"),
        width=560,
        label_width=170,
        bar_height=16,
    )
    return {
        "title": gettext("Legal-service fee budgets and savings: %(period)s") % {"period": period},
        "stats": stats,
        "period": period,
        "chart": chart,
        "totals": [(METRIC_LABELS[m], stats.totals[m]) for m in metrics],
    }


# The period as a file name says it: 2025年前三季度…, 2025年度… for the whole year.
PERIOD_NAMES = {
    1: pgettext_lazy("file name", "%(year)s first quarter"),
    2: pgettext_lazy("file name", "%(year)s first half"),
    3: pgettext_lazy("file name", "%(year)s first three quarters"),
    4: pgettext_lazy("file name", "%(year)s full year"),
}


def filename(params) -> str:
    """2025年前三季度法律服务经费预算与节约情况汇总.pdf"""
    period = PERIOD_NAMES[int(params["through_quarter"])] % {"year": params["year"]}
    return gettext("%(period)s legal-service fee budget and savings summary.pdf") % {"period": period}


SPEC = register(
    ReportSpec(
        key="budget-summary",
        title=_("Fee budget and savings summary"),
        description=_(
            "Per budget unit: requested, recommended, approved and settled fees for a year or its first "
            "quarters, against the same period of the previous year, with totals."
        ),
        template="reports/specs/budget_summary.html",
        form_class=BudgetSummaryForm,
        build=build,
        row_count=row_count,
        model=BudgetRequest,
        filename=filename,
    )
)
