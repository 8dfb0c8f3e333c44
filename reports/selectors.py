"""Reads for the reports that no other app's selector gives in one piece. Each takes the user and
reads only through `visible(...)`; a constant number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from accounts.models import Unit
from accounts.policy import visible
from advisers.models import Adviser, Engagement
from advisers.selectors import adoption_rate, duty_counts
from reviews.models import Assessment, DutyReport
from reviews.records import engagements_in_year, year_bounds


@dataclass
class EngagementLine:
    engagement: Engagement
    report_status: str  # "on_time", "late", "draft", "owed" or "not_due"
    grade: str | None
    decision: str | None


@dataclass
class AdviserPerformance:
    adviser: Adviser
    lines: list[EngagementLine] = field(default_factory=list)
    attendances: int = 0
    opinions: int = 0
    adopted: int = 0
    lectures: int = 0

    @property
    def adoption_rate(self) -> Decimal | None:
        return adoption_rate(self.adopted, self.opinions)


def performance_engagements(user, *, year: int, unit: Unit | None = None):
    """The year's engagements the user may see (within `unit`'s subtree when given)."""
    engagements = visible(user, engagements_in_year(year))
    if unit is not None:
        engagements = engagements.filter(unit__path__startswith=unit.path)
    return engagements


def adviser_performance(user, *, year: int, unit: Unit | None = None) -> list[AdviserPerformance]:
    """Per adviser engaged in the year: engagements with their duty-report status and assessment, and the
    year's attendances, opinions (adopted) and lectures. Four queries whatever the number of advisers.

    The counts are advisers.selectors.duty_counts': opinions and lectures where the report looks (the
    unit's subtree, or everything the user may see), attendances by the meeting-role rule.
    """
    first, last = year_bounds(year)
    engagements = performance_engagements(user, year=year, unit=unit)
    reports = DutyReport.objects.filter(engagement=OuterRef("pk"), year=year)
    assessments = Assessment.objects.filter(engagement=OuterRef("pk"), year=year, status=Assessment.Status.COMPLETED)
    rows = (
        engagements.select_related("adviser", "unit")
        .annotate(
            report_status=Subquery(reports.values("status")[:1]),
            report_late=Subquery(reports.values("is_late")[:1]),
            grade=Subquery(assessments.values("grade")[:1]),
            decision=Subquery(assessments.values("decision")[:1]),
        )
        .order_by("adviser__name", "adviser_id", "unit__path", "pk")
    )
    by_adviser: dict[int, AdviserPerformance] = {}
    for engagement in rows:
        entry = by_adviser.setdefault(engagement.adviser_id, AdviserPerformance(adviser=engagement.adviser))
        entry.lines.append(
            EngagementLine(
                engagement=engagement,
                report_status=_report_state(engagement),
                grade=engagement.grade,
                decision=engagement.decision,
            )
        )
    if not by_adviser:
        return []
    counts = duty_counts(engagements.values("adviser_id"), first, last, within=unit, user=user)
    for adviser_id, entry in by_adviser.items():
        c = counts[adviser_id]
        entry.attendances, entry.opinions, entry.adopted, entry.lectures = (
            c.attendances,
            c.opinions,
            c.adopted,
            c.lectures,
        )
    return list(by_adviser.values())


def _report_state(engagement: Engagement) -> str:
    if engagement.report_status == DutyReport.Status.SUBMITTED:
        return "late" if engagement.report_late else "on_time"
    if engagement.adviser.category == Adviser.Category.INTERNAL or engagement.status in Engagement.NOT_REPORTING:
        return "not_due"  # reviews.records.engagements_due: internal staff and dismissed advisers owe none
    return "draft" if engagement.report_status == DutyReport.Status.DRAFT else "owed"
