"""Reads of the reviews app. List selectors take the user and return only what that user may see."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Unit
from accounts.policy import policy_for, visible
from advisers.history import AssessmentSummary
from advisers.models import Adviser, Engagement
from figures.aggregates import cached

from .grades import Grade
from .models import (
    Assessment,
    Dimension,
    DutyReport,
    InspectionCampaign,
    RectificationItem,
    UnitInspection,
    UnitWorkReport,
    report_deadline,
)
from .records import engagements_due, engagements_in_year

# -- For other apps (fee settlement, re-selection rounds): not scoped, callers decide who sees what ----


def grade_for(engagement: Engagement, year: int) -> str | None:
    """The grade of the engagement's completed assessment for the year (a reviews.grades.Grade value), or None."""
    return (
        Assessment.objects.filter(engagement=engagement, year=year, status=Assessment.Status.COMPLETED)
        .values_list("grade", flat=True)
        .first()
    )


# -- Duty reports -------------------------------------------------------------------------------


class ReportState:
    OWED = "owed"
    OVERDUE = "overdue"  # owed after the deadline has passed
    DRAFT = "draft"
    RETURNED = "returned"
    ON_TIME = "on_time"
    LATE = "late"


def deadline_passed(year: int) -> bool:
    return timezone.now() >= report_deadline(year)


def duty_report_rows(user, *, year: int, state: str = "", search: str = "") -> QuerySet[Engagement]:
    """Engagements due a report for the year, with their report's id, status and lateness annotated."""
    reports = DutyReport.objects.filter(engagement=OuterRef("pk"), year=year)
    rows = (
        visible(user, engagements_due(year))
        .select_related("adviser", "unit")
        .annotate(
            report_id=Subquery(reports.values("pk")[:1]),
            report_status=Subquery(reports.values("status")[:1]),
            report_late=Subquery(reports.values("is_late")[:1]),
            report_submitted_at=Subquery(reports.values("submitted_at")[:1]),
        )
        .order_by("unit__path", "adviser__name", "pk")
    )
    submitted = Q(report_status=DutyReport.Status.SUBMITTED)
    # Spelled out for the engagements without any report: NOT (NULL = 'submitted') is not true in SQL.
    owed = Q(report_status__isnull=True) | ~submitted
    if state == ReportState.OWED:
        rows = rows.filter(owed)
    elif state == ReportState.OVERDUE:
        rows = rows.filter(owed) if deadline_passed(year) else rows.none()
    elif state == ReportState.DRAFT:
        rows = rows.filter(report_status=DutyReport.Status.DRAFT)
    elif state == ReportState.RETURNED:
        rows = rows.filter(report_status=DutyReport.Status.RETURNED)
    elif state == ReportState.ON_TIME:
        rows = rows.filter(submitted, report_late=False)
    elif state == ReportState.LATE:
        rows = rows.filter(submitted, report_late=True)
    if search:
        rows = rows.filter(Q(adviser__name__icontains=search) | Q(unit__name__icontains=search))
    return rows


# Every model the duty-report figures read, the scope's included (figures.aggregates.cached).
DUTY_REPORT_SOURCES = (Unit, Adviser, Engagement, DutyReport)


def duty_report_counts(user, *, year: int) -> dict[str, int]:
    """Reports due, on time, late and owed for the year (cached: the list page shows them above every page)."""
    counts = cached(
        "reviews.duty_report_counts",
        user=user,
        sources=DUTY_REPORT_SOURCES,
        params=year,
        compute=lambda: _duty_report_counts(user, year),
    )
    # Outside the cache: the clock, not a write, turns the reports still owed into overdue ones.
    return {**counts, "overdue": counts["owed"] if deadline_passed(year) else 0}


def _duty_report_counts(user, year: int) -> dict[str, int]:
    due = visible(user, engagements_due(year))
    reports = DutyReport.objects.filter(year=year, status=DutyReport.Status.SUBMITTED, engagement__in=due.values("pk"))
    figures = reports.aggregate(on_time=Count("pk", filter=Q(is_late=False)), late=Count("pk", filter=Q(is_late=True)))
    total = due.count()
    return {"due": total, **figures, "owed": total - figures["on_time"] - figures["late"]}


# -- Assessments ----------------------------------------------------------------------------------


TO_COMPLETE = "open"  # the assessment filter: not assessed yet or still in draft


def assessment_rows(user, *, year: int, grade: str = "", search: str = "") -> QuerySet[Engagement]:
    """The year's engagements with their assessment (if any) annotated."""
    # An adviser's list shows only its completed assessments (the policy's rule), not the unit's drafts.
    shown = policy_for(Assessment).results_only(user)
    assessments = Assessment.objects.filter(shown, engagement=OuterRef("pk"), year=year)
    rows = (
        visible(user, engagements_in_year(year))
        .select_related("adviser", "unit")
        .annotate(
            assessment_id=Subquery(assessments.values("pk")[:1]),
            assessment_status=Subquery(assessments.values("status")[:1]),
            assessment_grade=Subquery(assessments.values("grade")[:1]),
            assessment_decision=Subquery(assessments.values("decision")[:1]),
            assessment_total=Subquery(assessments.values("unit_total")[:1]),
        )
        .order_by("unit__path", "adviser__name", "pk")
    )
    if grade == "none":
        rows = rows.filter(assessment_id__isnull=True)
    elif grade == TO_COMPLETE:
        rows = rows.filter(Q(assessment_id__isnull=True) | Q(assessment_status=Assessment.Status.DRAFT))
    elif grade in Grade.values:
        rows = rows.filter(assessment_grade=grade, assessment_status=Assessment.Status.COMPLETED)
    if search:
        rows = rows.filter(Q(adviser__name__icontains=search) | Q(unit__name__icontains=search))
    return rows


def grade_counts(user, *, year: int) -> dict[str, int]:
    done = visible(user, Assessment).filter(year=year, status=Assessment.Status.COMPLETED)
    counts = Counter(dict(done.values_list("grade").annotate(n=Count("pk")).values_list("grade", "n")))
    return {value: counts.get(value, 0) for value in Grade.values}


# -- Unit work reports ----------------------------------------------------------------------------


def work_report_rows(user, *, year: int, status: str = "", received_only: bool = False) -> QuerySet[UnitWorkReport]:
    rows = visible(user, UnitWorkReport).filter(year=year).select_related("unit", "recipient")
    if received_only and user.unit_id:
        rows = rows.filter(recipient_id=user.unit_id)
    if status in UnitWorkReport.Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("unit__path")


def county_progress(user, *, year: int) -> list[dict]:
    """Per county the user sees: its units' reports for the year in, accepted, returned and missing, and its
    own report (a city bureau's counties; a county bureau's own; the province's every county).

    Two queries whatever the number of counties: the counties, then every unit under them with the
    status of its report (a missing report and a draft both count as missing); cached until a unit or a
    work report changes.
    """
    return cached(
        "reviews.county_progress",
        user=user,
        sources=(Unit, UnitWorkReport),
        params=year,
        compute=lambda: _county_progress(user, year),
    )


def _county_progress(user, year: int) -> list[dict]:
    counties = list(visible(user, Unit).filter(kind=Unit.Kind.COUNTY_GOV).order_by("path"))
    status = UnitWorkReport.objects.filter(unit=OuterRef("pk"), year=year).values("status")[:1]
    prefixes = Q()
    for county in counties:
        prefixes |= Q(path__startswith=county.path)
    units = (
        Unit.objects.filter(prefixes).annotate(status=Subquery(status)).values_list("pk", "path", "status")
        if counties
        else []
    )
    rows = {
        c.pk: {"county": c, "own": None, "expected": 0, "pending": 0, "accepted": 0, "returned": 0, "missing": 0}
        for c in counties
    }
    by_path = {c.path: c.pk for c in counties}
    Status = UnitWorkReport.Status
    for pk, path, st in units:
        county_path = next((p for p in by_path if path.startswith(p)), None)
        row = rows[by_path[county_path]]
        if pk == row["county"].pk:
            row["own"] = st or ""
            continue
        row["expected"] += 1
        if st == Status.SUBMITTED:
            row["pending"] += 1
        elif st == Status.ACCEPTED:
            row["accepted"] += 1
        elif st == Status.RETURNED:
            row["returned"] += 1
        else:
            row["missing"] += 1
    result = list(rows.values())
    for row in result:
        row["received"] = row["pending"] + row["accepted"]
        row["own_label"] = Status(row["own"]).label if row["own"] else None
    return result


# -- Contract inspection --------------------------------------------------------------------------


def _average_fields() -> dict:
    return {value: Avg(value) for value in Dimension.values}


def _with_overall(figures: dict) -> dict:
    values = [figures[d] for d in Dimension.values if figures.get(d) is not None]
    for d in Dimension.values:
        if figures.get(d) is not None:
            figures[d] = Decimal(str(figures[d])).quantize(Decimal("0.1"))
    figures["overall"] = (Decimal(str(sum(values) / len(values))).quantize(Decimal("0.1"))) if values else None
    return figures


def inspection_averages(campaign: InspectionCampaign, *, user) -> dict:
    """The campaign's average score per dimension, the overall average and the number of units, over the
    inspections this user sees (a campaign spans every jurisdiction: another's scores are not theirs to read)."""
    figures = visible(user, campaign.inspections.all()).aggregate(units=Count("pk"), **_average_fields())
    return _with_overall(figures)


def inspection_averages_by_kind(campaign: InspectionCampaign, *, user) -> list[dict]:
    """The same averages per unit kind (departments, state-owned enterprises, hospitals, schools...)."""
    rows = (
        visible(user, campaign.inspections.all())
        .values("unit__kind")
        .annotate(units=Count("pk"), **_average_fields())
        .order_by("unit__kind")
    )
    labels = dict(Unit.Kind.choices)
    return [
        {**_with_overall(dict(row)), "kind": row["unit__kind"], "label": labels.get(row["unit__kind"])} for row in rows
    ]


def inspection_rows(
    user, *, campaign: InspectionCampaign | None, kind: str = "", search: str = ""
) -> QuerySet[UnitInspection]:
    """One campaign's unit results, or (campaign None) every result the user may see."""
    base = campaign.inspections.all() if campaign else UnitInspection.objects.all()
    open_items = RectificationItem.objects.filter(inspection=OuterRef("pk")).exclude(
        status=RectificationItem.Status.CLOSED
    )
    rows = (
        visible(user, base)
        .select_related("unit", "campaign")
        .annotate(
            open_items=Coalesce(Subquery(open_items.values("inspection").annotate(n=Count("pk")).values("n")[:1]), 0),
            has_items=Exists(RectificationItem.objects.filter(inspection=OuterRef("pk"))),
        )
        .order_by("-campaign__year", "unit__path")
    )
    if kind in Unit.Kind.values:
        rows = rows.filter(unit__kind=kind)
    if search:
        rows = rows.filter(unit__name__icontains=search)
    return rows


OVERDUE = "overdue"


def rectification_rows(user, *, status: str = "", today=None) -> QuerySet[RectificationItem]:
    """Items by status, or OVERDUE: open past their due date (Beijing `today`). Open ones come first,
    the most overdue first."""
    rows = visible(user, RectificationItem).select_related("inspection__unit", "inspection__campaign")
    if status in RectificationItem.Status.values:
        rows = rows.filter(status=status)
    elif status == OVERDUE:
        rows = rows.filter(RectificationItem.overdue_condition(today or timezone.localdate()))
    return rows.order_by("status", "due_date", "pk")


def overdue_duty_reports_by_unit(user, *, year: int) -> list[tuple[int, str, int]]:
    """(unit id, unit name, reports owed) for the year's reports not submitted, most owed first (cached: the home
    page shows it, and over a province it is a scan of every engagement of the year)."""

    def compute():
        owed = duty_report_rows(user, year=year, state=ReportState.OWED).order_by()
        rows = owed.values_list("unit_id", "unit__name").annotate(n=Count("pk")).order_by("-n", "unit__name")
        return list(rows)

    return cached("reviews.overdue_by_unit", user=user, sources=DUTY_REPORT_SOURCES, params=year, compute=compute)


def duty_report_state_count(user, *, year: int, state: str) -> int:
    """The year's reports in one state, as the list filters them (cached, as `duty_report_counts`)."""
    return cached(
        "reviews.duty_state_count",
        user=user,
        sources=DUTY_REPORT_SOURCES,
        params=(year, state),
        compute=lambda: duty_report_rows(user, year=year, state=state).count(),
    )


def rectification_overdue_count(user) -> int:
    return visible(user, RectificationItem).filter(RectificationItem.overdue_condition(timezone.localdate())).count()


def campaigns(user) -> QuerySet[InspectionCampaign]:
    # Within a year the highest jurisdiction's first: a city bureau's own campaign before its counties'.
    return visible(user, InspectionCampaign).order_by("-year", "jurisdiction__path")


# -- Overview -------------------------------------------------------------------------------------


# Every model the overview reads (figures.aggregates).
OVERVIEW_SOURCES = (
    Unit,
    Adviser,
    Engagement,
    DutyReport,
    Assessment,
    UnitWorkReport,
    InspectionCampaign,
    UnitInspection,
)


def overview(user, *, year: int) -> dict:
    """The year's figures for the overview page, cached until one of the records they count changes."""
    return cached(
        "reviews.overview", user=user, sources=OVERVIEW_SOURCES, params=year, compute=lambda: _overview(user, year)
    )


def _overview(user, year: int) -> dict:
    by_recipient = defaultdict(int)
    for status, n in (
        visible(user, UnitWorkReport)
        .filter(year=year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    ):
        by_recipient[status] = n
    campaign = campaigns(user).filter(year=year).first()
    return {
        "reports": duty_report_counts(user, year=year),
        "grades": grade_counts(user, year=year),
        "work_reports": dict(by_recipient),
        "counties": county_progress(user, year=year),
        "campaign": campaign,
        "averages": inspection_averages(campaign, user=user) if campaign else None,
    }


def assessment_summaries(engagements) -> dict:
    """For re-selection rounds (advisers.history): each incumbent adviser's completed assessments, in
    every unit, keyed by the engagement under review. One query for all of them."""
    by_adviser: dict[int, list] = {}
    adviser_ids = {e.adviser_id for e in engagements}
    for assessment in Assessment.objects.filter(
        engagement__adviser_id__in=adviser_ids, status=Assessment.Status.COMPLETED
    ).select_related("engagement"):
        by_adviser.setdefault(assessment.engagement.adviser_id, []).append(
            AssessmentSummary(
                year=assessment.year,
                grade=assessment.grade,
                grade_label=assessment.get_grade_display(),
                score=assessment.unit_total,
            )
        )
    return {e.pk: by_adviser.get(e.adviser_id, []) for e in engagements}
