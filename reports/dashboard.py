"""The dashboard's figures (bureau staff and auditors): a fixed number of aggregate queries whatever the
size of the data, kept in the cache until one of the records they are computed from changes
(figures.aggregates)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jurisdictions import child_of, in_areas, sub_jurisdictions
from accounts.models import Jurisdiction, Unit
from accounts.policy import visible
from advisers.models import (
    Adviser,
    AdviserSettings,
    Engagement,
    ExecutiveMeeting,
    InspectionParticipation,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionCandidate,
)
from advisers.selectors import ADOPTED_STATES, adoption_rate, idle_engagements
from budgets.fee_statistics import (
    Change,
    Period,
    budget_statistics,
    default_period,
    jurisdiction_fees,
    latest_approved_year,
    statistics_url,
)
from budgets.models import BudgetLine, BudgetRequest, Settlement
from contracts.models import ContractFinding
from figures.aggregates import cached
from reviews.models import Dimension, DutyReport, InspectionCampaign, UnitInspection
from reviews.selectors import duty_report_counts, inspection_averages
from reviews.views.common import reporting_year
from ui.formatting import format_wan

from .charts import Series, bar_chart

# The fee figure the dashboard shows: the first three quarters, like the statistics page's default
# (the period the article's 374.2万元 → 279.5万元 refers to).
FEE_QUARTERS = 3


def _percent(part: int, whole: int):
    return adoption_rate(part, whole)  # the same one-decimal percentage, None when there is no whole


# Every model a figure reads (the idle flag reads duty records, the fee figure budget lines...).
SOURCES = (
    Unit,
    Jurisdiction,
    Adviser,
    AdviserSettings,
    Engagement,
    ReselectionCandidate,
    ExecutiveMeeting,
    MeetingAttendance,
    InspectionParticipation,
    LegalOpinion,
    Lecture,
    DutyReport,
    BudgetRequest,
    BudgetLine,
    Settlement,
    InspectionCampaign,
    UnitInspection,
    ContractFinding,
)


def dashboard_figures(user, *, year: int | None = None) -> dict:
    """The figures of `year` (duty reports, fees for its Q1–Q3, its inspection campaign); by default each
    block's own latest year: the reports being worked on, the latest complete fee period, the latest campaign."""
    # Terms in force, ending and idle are today's: a new day computes afresh.
    return cached(
        "reports.dashboard",
        user=user,
        sources=SOURCES,
        params=(timezone.localdate(), year),
        compute=lambda: _figures(user, year),
    )


def _figures(user, chosen_year: int | None = None) -> dict:
    settings = AdviserSettings.for_jurisdiction(user.jurisdiction)

    in_force = Engagement.objects.in_force().filter(unit=OuterRef("pk"))
    coverage = visible(user, Unit).aggregate(total=Count("pk"), covered=Count("pk", filter=Q(Exists(in_force))))
    coverage["percent"] = _percent(coverage["covered"], coverage["total"])

    categories = dict(
        visible(user, Adviser).values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    by_category = [(value, label, categories.get(value, 0)) for value, label in Adviser.Category.choices]

    opinions = visible(user, LegalOpinion.objects.counted()).aggregate(
        total=Count("pk"),
        adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES)),
        not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
    )
    opinions["rate"] = adoption_rate(opinions["adopted"], opinions["total"])

    year = chosen_year or reporting_year()
    reports = duty_report_counts(user, year=year)
    reports["submitted"] = reports["on_time"] + reports["late"]
    reports["percent"] = _percent(reports["submitted"], reports["due"])

    fee_period = Period(chosen_year, FEE_QUARTERS) if chosen_year else default_period(user=user)
    fees = budget_statistics(user=user, period=fee_period) if latest_approved_year() else None
    sub_rows = jurisdiction_rows(user, fee_period=fee_period if fees else None)

    campaigns = visible(user, InspectionCampaign)
    if chosen_year:
        campaigns = campaigns.filter(year=chosen_year)
    campaign = campaigns.order_by("-year", "jurisdiction__path").first()
    averages = inspection_averages(campaign, user=user) if campaign else None

    return {
        "coverage": coverage,
        "by_category": by_category,
        "ending_days": settings.ending_days,
        "ending": visible(user, Engagement).ending_within(settings.ending_days).count(),
        "idle_months": settings.idle_months,
        "idle": idle_engagements(user, months=settings.idle_months).count(),
        "opinions": opinions,
        "report_year": year,
        "reports": reports,
        "fees": fees,
        "sub_jurisdictions": sub_rows,
        "campaign": campaign,
        "chosen_year": chosen_year,
        "today": timezone.localdate(),
        "averages": averages,
        "dimensions": [(value, label, averages[value] if averages else None) for value, label in Dimension.choices],
    }


@dataclass
class JurisdictionRow:
    """One sub-jurisdiction's figures over its whole area, each with the link to the list behind it."""

    jurisdiction: Jurisdiction
    units: int = 0
    covered: int = 0
    advisers: int = 0
    findings: int = 0
    fees: Change | None = None
    period: Period | None = None  # of the fee figure

    def _link(self, name: str, **params) -> str:
        return reverse(name) + "?" + urlencode({"jurisdiction": self.jurisdiction.pk, **params})

    @property
    def covered_url(self) -> str:
        return self._link("advisers:unit_statistics", covered=1)

    @property
    def advisers_url(self) -> str:
        return self._link("advisers:list")

    @property
    def findings_url(self) -> str:
        return self._link("contracts:findings")

    @property
    def fees_url(self) -> str | None:
        if self.fees is None:
            return None
        return statistics_url(
            jurisdiction=self.jurisdiction, year=self.period.year, through_quarter=self.period.through_quarter
        )


def jurisdiction_rows(user, *, fee_period: Period | None) -> list[JurisdictionRow]:
    """One row per child of the user's jurisdiction that the user may see, none for officers and finance:
    five queries besides the cached fee sums, whatever the number of children."""
    children = sub_jurisdictions(user)
    if not children:
        return []
    rows = {child.pk: JurisdictionRow(child, period=fee_period) for child in children}

    in_force = Engagement.objects.in_force().filter(unit=OuterRef("pk"))
    units = (
        visible(user, Unit)
        .filter(in_areas(children, "path"))
        .annotate(child=child_of(children, "path"))
        .values("child")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(Exists(in_force))))
        .order_by()
        .values_list("child", "total", "covered")
    )
    for pk, total, covered in units:
        rows[pk].units, rows[pk].covered = total, covered

    # Distinct per child: an adviser in force in two counties of a city is one adviser of the city.
    advisers = (
        visible(user, Engagement)
        .in_force()
        .filter(in_areas(children, "unit__path"))
        .annotate(child=child_of(children, "unit__path"))
        .values("child")
        .annotate(n=Count("adviser", distinct=True))
        .order_by()
        .values_list("child", "n")
    )
    for pk, n in advisers:
        rows[pk].advisers = n

    findings = (
        visible(user, ContractFinding)
        .filter(in_areas(children, "contract__unit__path"), status=ContractFinding.Status.OPEN)
        .annotate(child=child_of(children, "contract__unit__path"))
        .values("child")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("child", "n")
    )
    for pk, n in findings:
        rows[pk].findings = n

    if fee_period is not None:
        for pk, figures in jurisdiction_fees(user=user, period=fee_period, children=children).items():
            rows[pk].fees = figures["approved"]
    return [rows[child.pk] for child in children]


def dashboard_charts(figures: dict) -> dict:
    """The dashboard's SVG charts, each bar linked to the list behind it."""
    charts = {
        "category_chart": bar_chart(
            [str(label) for _value, label, _n in figures["by_category"]],
            [Series(_("Advisers"), [n for _value, _label, n in figures["by_category"]])],
            title=_("Advisers by category"),
            label_width=200,
            width=480,
            hrefs=[
                reverse("advisers:list") + "?" + urlencode({"category": value})
                for value, _label, _n in figures["by_category"]
            ],
        )
    }
    if figures["averages"]:
        link = reverse("reviews:inspections") + "?" + urlencode({"year": figures["campaign"].year})
        charts["inspection_chart"] = bar_chart(
            [str(label) for _value, label, _avg in figures["dimensions"]],
            [Series(_("Average score"), [avg for _value, _label, avg in figures["dimensions"]])],
            title=_("Inspection averages by dimension"),
            max_value=100,
            label_width=120,
            width=480,
            hrefs=[link] * len(figures["dimensions"]),
        )
    fees = figures["fees"]
    if fees:
        totals = [fees.totals[m] for m in ("requested", "recommended", "approved")]
        charts["fee_chart"] = bar_chart(
            [_("Requested"), _("Recommended by the justice bureau"), _("Approved by the finance bureau")],
            [
                Series(
                    str(fees.period.previous), [c.previous for c in totals], [format_wan(c.previous) for c in totals]
                ),
                Series(str(fees.period), [c.current for c in totals], [format_wan(c.current) for c in totals]),
            ],
            title=_("Fees against the same period of the previous year"),
            label_width=170,
            width=480,
        )
    return charts
