"""The year's figures, computed from the duty records of the advisers and contracts apps."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import Unit
from advisers.models import Adviser, Engagement, Lecture, LegalOpinion, MeetingAttendance
from contracts.models import ServiceContract

from .models import Assessment, DutyReport

ADOPTED = [LegalOpinion.Adoption.ADOPTED, LegalOpinion.Adoption.PARTLY]
# Advisers who attend the municipal executive meeting (列席市政府常务会议) in that role.
MEETING_ROLES = {Engagement.Role.CITY_ADVISER, Engagement.Role.GROUP_MEMBER}


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def engagements_in_year(year: int) -> QuerySet[Engagement]:
    """Engagements whose term overlaps the year."""
    first, last = year_bounds(year)
    return Engagement.objects.filter(start_date__lte=last, end_date__gte=first)


def engagements_due(year: int) -> QuerySet[Engagement]:
    """Engagements that owe a duty report for the year: external advisers and firms, not dismissed."""
    return (
        engagements_in_year(year)
        .exclude(status=Engagement.Status.DISMISSED)
        .exclude(adviser__category=Adviser.Category.INTERNAL)
    )


def engagements_owing(year: int) -> QuerySet[Engagement]:
    """Engagements due a report for the year that has not been submitted."""
    submitted = DutyReport.objects.filter(year=year, status=DutyReport.Status.SUBMITTED).values("engagement_id")
    return engagements_due(year).exclude(pk__in=submitted)


def duty_counts(engagement: Engagement, year: int) -> dict[str, int]:
    """The year's counts for one engagement, within its term: meetings, opinions, lectures."""
    first, last = year_bounds(year)
    start, end = max(first, engagement.start_date), min(last, engagement.end_date)
    if start > end:
        return {"meetings_attended": 0, "opinions_given": 0, "opinions_adopted": 0, "lectures_given": 0}
    opinions = LegalOpinion.objects.filter(
        adviser_id=engagement.adviser_id, unit_id=engagement.unit_id, date__range=(start, end)
    ).aggregate(given=Count("pk"), adopted=Count("pk", filter=Q(adoption__in=ADOPTED)))
    meetings = 0
    if engagement.role in MEETING_ROLES:
        meetings = MeetingAttendance.objects.filter(
            adviser_id=engagement.adviser_id, meeting__date__range=(start, end)
        ).count()
    lectures = Lecture.objects.filter(
        speaker_id=engagement.adviser_id, unit_id=engagement.unit_id, date__range=(start, end)
    ).count()
    return {
        "meetings_attended": meetings,
        "opinions_given": opinions["given"],
        "opinions_adopted": opinions["adopted"],
        "lectures_given": lectures,
    }


def unit_year_figures(unit: Unit, year: int) -> dict:
    """A unit's adviser work in the year, over the unit and its sub-units (its reporting subtree)."""
    first, last = year_bounds(year)
    in_subtree = {"unit__path__startswith": unit.path}
    opinions = LegalOpinion.objects.filter(date__range=(first, last), **in_subtree).aggregate(
        total=Count("pk"),
        adopted=Count("pk", filter=Q(adoption__in=ADOPTED)),
        not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
    )
    contracts = ServiceContract.objects.filter(start_date__lte=last, end_date__gte=first, **in_subtree).aggregate(
        n=Count("pk"), amount=Sum("amount")
    )
    return {
        "engagements": engagements_in_year(year).filter(**in_subtree).count(),
        "opinions": opinions["total"],
        "opinions_adopted": opinions["adopted"],
        "opinions_not_adopted": opinions["not_adopted"],
        "lectures": Lecture.objects.filter(date__range=(first, last), **in_subtree).count(),
        "contracts": contracts["n"],
        "contract_amount": contracts["amount"] or Decimal("0"),
        "duty_reports_submitted": DutyReport.objects.filter(
            year=year, status=DutyReport.Status.SUBMITTED, engagement__unit__path__startswith=unit.path
        ).count(),
        "assessments_completed": Assessment.objects.filter(
            year=year, status=Assessment.Status.COMPLETED, engagement__unit__path__startswith=unit.path
        ).count(),
    }
