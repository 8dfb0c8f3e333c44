"""Period statistics: requested, recommended, approved and settled fees for a set of units in a
period (a fiscal year's quarters 1..n), against the same period of the previous year.

Every figure is a sum over BudgetLine rows (quarter of the work) and confirmed Settlement rows; the
article's "374.2万元 → 279.5万元, saving 94.7万元 (25.3%)" is the approved column for 2025 Q1–Q3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jurisdictions import child_of, in_areas
from accounts.models import Jurisdiction, Unit
from accounts.policy import visible
from figures.aggregates import cached

from .models import ZERO, BudgetLine, BudgetRequest, Settlement

Status = BudgetRequest.Status
METRICS = ("requested", "recommended", "approved", "settled")
# Which requests count for which figure: a draft or a returned request is still with its unit.
COUNTS_AS = {
    "requested": [Status.SUBMITTED, Status.REVIEWED, Status.APPROVED],
    "recommended": [Status.REVIEWED, Status.APPROVED],
    "approved": [Status.APPROVED],
}


@dataclass(frozen=True)
class Period:
    year: int
    through_quarter: int = 4  # quarters 1..through_quarter

    def __post_init__(self):
        if not 1 <= self.through_quarter <= 4:
            raise ValueError("through_quarter must be 1 to 4")

    @property
    def previous(self) -> Period:
        """The same period of the previous year (同期)."""
        return Period(self.year - 1, self.through_quarter)

    @property
    def is_full_year(self) -> bool:
        return self.through_quarter == 4

    def is_over(self, today: dt.date) -> bool:
        """Whether the period's last quarter has ended by `today`."""
        return self.year < today.year or (self.year == today.year and self.through_quarter <= (today.month - 1) // 3)

    def __str__(self) -> str:
        if self.is_full_year:
            return _("%(year)s full year") % {"year": self.year}
        if self.through_quarter == 1:
            return _("%(year)s Q1") % {"year": self.year}
        return _("%(year)s Q1–Q%(q)s") % {"year": self.year, "q": self.through_quarter}


@dataclass
class Change:
    previous: Decimal
    current: Decimal

    @property
    def amount(self) -> Decimal:
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        """Change against the previous period in percent (one decimal), None when there is no base."""
        if not self.previous:
            return None
        return (self.amount * 100 / self.previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def saving(self) -> Decimal:
        return max(-self.amount, ZERO)


@dataclass
class UnitRow:
    unit: Unit
    figures: dict[str, Change] = field(default_factory=dict)

    def __getattr__(self, name):  # row.approved → the approved Change, for templates
        figures = self.__dict__.get("figures", {})
        if name in figures:
            return figures[name]
        raise AttributeError(name)


@dataclass
class Statistics:
    period: Period
    rows: list[UnitRow]
    totals: dict[str, Change]
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def unit_count(self) -> int:
        return len(self.rows)

    @property
    def compared_units(self) -> list[Unit]:
        """The units with approved fees in both periods: those a change or saving is about."""
        return [r.unit for r in self.rows if r.approved.previous and r.approved.current]

    @property
    def pending_units(self) -> list[Unit]:
        """Units approved in the previous period but not yet in this one: without them a drop is no saving."""
        return [r.unit for r in self.rows if r.approved.previous and not r.approved.current]

    @property
    def period_is_over(self) -> bool:
        return self.period.is_over(self.today)

    @property
    def is_complete(self) -> bool:
        """The period has ended and every unit funded in the same period last year has its approval: only
        then does the comparison say what was saved (未完结 otherwise)."""
        return self.period_is_over and not self.pending_units

    def __getattr__(self, name):
        totals = self.__dict__.get("totals", {})
        if name in totals:
            return totals[name]
        raise AttributeError(name)


def statistics_units(*, user, jurisdiction: Jurisdiction | None = None) -> list[Unit]:
    """The budget units this user may put into a statistic: those of one jurisdiction's own level (default:
    the user's; each level's finance bureau funds its own budget units, so a county's are not the city's),
    and of them an officer's only those in their own subtree."""
    units = visible(user, Unit).filter(is_budget_unit=True)
    jurisdiction = jurisdiction or user.jurisdiction
    if jurisdiction is not None:
        units = units.filter(jurisdiction=jurisdiction)
    return list(units.order_by("path"))


def budget_statistics(
    *, user, period: Period, units: list[Unit] | None = None, jurisdiction: Jurisdiction | None = None
) -> Statistics:
    """Figures for `units` (default: every budget unit of the jurisdiction the user may see); the sums behind
    them are cached."""
    allowed = {u.pk: u for u in statistics_units(user=user, jurisdiction=jurisdiction)}
    chosen = [u for u in (units or allowed.values()) if u.pk in allowed]
    years = [period.previous.year, period.year]
    sums = _cached_sums(period)

    def figure(unit_id, year, metric):
        return sums.get((unit_id, year), {}).get(metric) or ZERO

    rows = [
        UnitRow(u, {m: Change(figure(u.pk, years[0], m), figure(u.pk, years[1], m)) for m in METRICS}) for u in chosen
    ]
    return Statistics(period=period, rows=rows, totals=_totals(row.figures for row in rows))


def jurisdiction_fees(*, user, period: Period, children: list[Jurisdiction]) -> dict[int, dict[str, Change]]:
    """{child pk: figures} over every budget unit the user may see in each child's area (its own level and
    the levels below): one query besides the cached sums."""
    if not children:
        return {}
    sums = _cached_sums(period)
    years = [period.previous.year, period.year]
    units = (
        visible(user, Unit)
        .filter(in_areas(children, "path"), is_budget_unit=True)
        .annotate(child=child_of(children, "path"))
        .values_list("child", "pk")
    )
    by_child: dict[int, list[int]] = {child.pk: [] for child in children}
    for child, unit_id in units:
        by_child[child].append(unit_id)
    return {
        pk: _totals(
            {m: Change(*(sums.get((unit_id, y), {}).get(m) or ZERO for y in years)) for m in METRICS}
            for unit_id in unit_ids
        )
        for pk, unit_ids in by_child.items()
    }


def statistics_url(*, jurisdiction: Jurisdiction, **params) -> str:
    """The statistics page of one jurisdiction (its own level and its sub-jurisdictions)."""
    return reverse("budgets:statistics") + "?" + urlencode({"jurisdiction": jurisdiction.pk, **params})


def _totals(figures) -> dict[str, Change]:
    figures = list(figures)
    return {
        m: Change(sum((f[m].previous for f in figures), ZERO), sum((f[m].current for f in figures), ZERO))
        for m in METRICS
    }


def _cached_sums(period: Period) -> dict[tuple[int, int], dict[str, Decimal]]:
    return cached(
        "budgets.fee_sums",
        user=None,  # every unit's sums; the user's own units are picked from them
        sources=(BudgetRequest, BudgetLine, Settlement),
        params=(period.year, period.through_quarter),
        compute=lambda: _sums(period),
    )


def _sums(period: Period) -> dict[tuple[int, int], dict[str, Decimal]]:
    """{(unit id, year): {metric: amount}} for the period and the same period of the previous year: two queries."""
    years = [period.previous.year, period.year]
    sums: dict[tuple[int, int], dict[str, Decimal]] = {}
    lines = (
        BudgetLine.objects.filter(request__year__in=years, quarter__lte=period.through_quarter)
        .values("request__unit", "request__year")
        .annotate(
            requested=Sum("amount", filter=Q(request__status__in=COUNTS_AS["requested"])),
            recommended=Sum("recommended_amount", filter=Q(request__status__in=COUNTS_AS["recommended"])),
            approved=Sum("approved_amount", filter=Q(request__status__in=COUNTS_AS["approved"])),
        )
        .order_by()
    )
    for row in lines:
        sums[(row["request__unit"], row["request__year"])] = {m: row[m] or ZERO for m in COUNTS_AS}
    # Settlements are year-end (fourth quarter): they count only in a period that runs to the year's end.
    if period.is_full_year:
        settled = (
            Settlement.objects.filter(status=Settlement.Status.CONFIRMED, year__in=years)
            .values("unit", "year")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for row in settled:
            sums.setdefault((row["unit"], row["year"]), {})["settled"] = row["total"]
    return sums


def latest_approved_year() -> int | None:
    return BudgetRequest.objects.filter(status=Status.APPROVED).order_by("-year").values_list("year", flat=True).first()


DEFAULT_QUARTERS = 3  # 前三季度, the period the bureau reports on (the article's 374.2万元 → 279.5万元)
YEARS_TRIED = 5


def default_period(*, user, jurisdiction: Jurisdiction | None = None) -> Period:
    """The latest complete Q1–Q3 (`Statistics.is_complete`) of the last few years with approved fees; the
    latest one, to be marked 未完结, when none is complete."""
    latest = latest_approved_year() or timezone.localdate().year
    for year in range(latest, latest - YEARS_TRIED, -1):
        period = Period(year, DEFAULT_QUARTERS)
        if budget_statistics(user=user, period=period, jurisdiction=jurisdiction).is_complete:
            return period
    return Period(latest, DEFAULT_QUARTERS)
