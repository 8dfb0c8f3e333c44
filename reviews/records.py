"""The year's figures, computed from the duty records of the advisers and contracts apps."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import Unit
from advisers.models import Adviser, Engagement, Lecture, LegalOpinion
from advisers.selectors import ADOPTED_STATES, DutyCounts
from advisers.selectors import duty_counts as adviser_duty_counts
from contracts.models import ServiceContract

from .models import Assessment, DutyReport


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def engagements_in_year(year: int) -> QuerySet[Engagement]:
    """Engagements whose term overlaps the year."""
    first, last = year_bounds(year)
    return Engagement.objects.filter(start_date__lte=last, end_date__gte=first)


def engagements_due(year: int) -> QuerySet[Engagement]:
    """Engagements that owe a duty report for the year: external advisers and firms, not dismissed or held."""
    return (
        engagements_in_year(year)
        .exclude(status__in=Engagement.NOT_REPORTING)
        .exclude(adviser__category=Adviser.Category.INTERNAL)
    )


def engagements_owing(year: int) -> QuerySet[Engagement]:
    """Engagements due a report for the year that has not been submitted."""
    submitted = DutyReport.objects.filter(year=year, status=DutyReport.Status.SUBMITTED).values("engagement_id")
    return engagements_due(year).exclude(pk__in=submitted)


def duty_counts(engagement: Engagement, year: int) -> dict[str, int]:
    """A duty report's counts: advisers.selectors.duty_counts for the engagement's adviser and unit, within
    its term in the year."""
    first, last = year_bounds(year)
    start, end = max(first, engagement.start_date), min(last, engagement.end_date)
    counts = DutyCounts()
    if start <= end:
        counts = adviser_duty_counts([engagement.adviser_id], start, end, unit_ids=[engagement.unit_id])[
            engagement.adviser_id, engagement.unit_id
        ]
    return {
        "meetings_attended": counts.attendances,
        "opinions_given": counts.opinions,
        "opinions_adopted": counts.adopted,
        "lectures_given": counts.lectures,
    }


def unit_year_figures(unit: Unit, year: int) -> dict:
    """A unit's adviser work in the year, over the unit and its sub-units (its reporting subtree)."""
    first, last = year_bounds(year)
    in_subtree = {"unit__path__startswith": unit.path}
    opinions = (
        LegalOpinion.objects.counted()
        .filter(date__range=(first, last), **in_subtree)
        .aggregate(
            total=Count("pk"),
            adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES)),
            not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
        )
    )
    contracts = ServiceContract.objects.filter(start_date__lte=last, end_date__gte=first, **in_subtree).aggregate(
        n=Count("pk"), amount=Sum("amount")
    )
    return {
        "engagements": engagements_in_year(year).filter(**in_subtree).count(),
        "opinions": opinions["total"],
        "opinions_adopted": opinions["adopted"],
        "opinions_not_adopted": opinions["not_adopted"],
        "lectures": Lecture.objects.counted().filter(date__range=(first, last), **in_subtree).count(),
        "contracts": contracts["n"],
        "contract_amount": contracts["amount"] or Decimal("0"),
        "duty_reports_submitted": DutyReport.objects.filter(
            year=year, status=DutyReport.Status.SUBMITTED, engagement__unit__path__startswith=unit.path
        ).count(),
        "assessments_completed": Assessment.objects.filter(
            year=year, status=Assessment.Status.COMPLETED, engagement__unit__path__startswith=unit.path
        ).count(),
    }
