"""Reads: what each user may see of advisers, engagements and duty records, and the statistics.

Counting conventions (also in the README):
- an *attendance* is one adviser at one executive meeting (人次): a meeting attended by two advisers
  counts twice, which is how "12 advisers attended 57 times" adds up over advisers;
- *opinions* are LegalOpinion rows; *opinions at meetings* are those with source "meeting";
- the *adoption rate* is (adopted + partly adopted) / opinions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from accounts.policy import visible

from .models import (
    Adviser,
    AdviserSettings,
    Engagement,
    ExecutiveMeeting,
    InspectionParticipation,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionRound,
)
from .policies import with_contact

ADOPTED_STATES = (LegalOpinion.Adoption.ADOPTED, LegalOpinion.Adoption.PARTLY)


def adoption_rate(adopted: int, total: int) -> Decimal | None:
    """Percent with one decimal, or None when there is nothing to rate."""
    if not total:
        return None
    return (Decimal(adopted) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _dated(queryset: QuerySet, field: str, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet:
    if date_from:
        queryset = queryset.filter(**{f"{field}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{field}__lte": date_to})
    return queryset


def _count_by(queryset: QuerySet, key: str, outer: str = "pk"):
    """A correlated COUNT subquery (one per column, not one query per row)."""
    counted = queryset.filter(**{key: OuterRef(outer)}).order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# -- Registry ---------------------------------------------------------------------------------------


def advisers_for(user, *, search: str = "", category: str = "") -> QuerySet:
    queryset = with_contact(user, visible(user, Adviser))
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(affiliation__icontains=search))
    if category:
        queryset = queryset.filter(category=category)
    in_force = visible(user, Engagement.objects.in_force())
    return queryset.annotate(engagements_in_force=_count_by(in_force, "adviser")).order_by("name", "pk")


def engagements_for(
    user,
    *,
    search: str = "",
    status: str = "",
    role: str = "",
    ending_days: int | None = None,
    idle: bool = False,
    idle_months: int | None = None,
) -> QuerySet:
    queryset = visible(user, Engagement).select_related("adviser", "unit")
    if search:
        queryset = queryset.filter(Q(adviser__name__icontains=search) | Q(unit__name__icontains=search))
    if status:
        queryset = queryset.filter(status=status)
    if role:
        queryset = queryset.filter(role=role)
    if ending_days is not None:
        queryset = queryset.ending_within(ending_days)
    queryset = annotate_idle(queryset, months=idle_months)
    if idle:
        queryset = queryset.filter(is_idle=True)
    return queryset.order_by("end_date", "pk")


def engagements_ending_within(days: int, today: dt.date | None = None) -> QuerySet:
    """Active engagements ending in the next `days` days, citywide (for reminders and dashboards)."""
    return Engagement.objects.ending_within(days, today).select_related("adviser", "unit").order_by("end_date", "pk")


# -- Hired but not used (聘而不用) -----------------------------------------------------------------------


def idle_cutoff(today: dt.date | None = None, months: int | None = None) -> dt.date:
    today = today or timezone.localdate()
    months = months if months is not None else AdviserSettings.current().idle_months
    return today - relativedelta(months=months)


def annotate_idle(queryset: QuerySet, *, today: dt.date | None = None, months: int | None = None) -> QuerySet:
    """Annotate `is_idle`: in force for at least N months and no duty record for the unit in the last N months.

    Work for a unit is an opinion or lecture for it; attendances at executive meetings and places on
    the contract-inspection team count for every engagement as a city government adviser.
    """
    today = today or timezone.localdate()
    cutoff = idle_cutoff(today, months)
    adviser, unit = OuterRef("adviser_id"), OuterRef("unit_id")
    recent_work = (
        Exists(LegalOpinion.objects.filter(adviser=adviser, unit=unit, date__gt=cutoff, date__lte=today))
        | Exists(Lecture.objects.filter(speaker=adviser, unit=unit, date__gt=cutoff, date__lte=today))
        | (
            Q(role=Engagement.Role.CITY_ADVISER)
            & (
                Exists(
                    MeetingAttendance.objects.filter(
                        adviser=adviser, meeting__date__gt=cutoff, meeting__date__lte=today
                    )
                )
                | Exists(InspectionParticipation.objects.filter(adviser=adviser, date__gt=cutoff, date__lte=today))
            )
        )
    )
    in_force_long_enough = Q(
        status__in=[Engagement.Status.ACTIVE, Engagement.Status.RENEWED],
        start_date__lte=cutoff,
        end_date__gte=today,
    )
    return queryset.annotate(
        is_idle=Case(
            When(in_force_long_enough & ~recent_work, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def idle_engagements(user, *, today: dt.date | None = None, months: int | None = None) -> QuerySet:
    """Engagements flagged hired-but-not-used that this user may see."""
    queryset = annotate_idle(visible(user, Engagement).select_related("adviser", "unit"), today=today, months=months)
    return queryset.filter(is_idle=True).order_by("unit__name", "adviser__name", "pk")


# -- Duty records -----------------------------------------------------------------------------------


def opinions_for(user, *, search: str = "", adoption: str = "", matter_type: str = "", source: str = "") -> QuerySet:
    queryset = visible(user, LegalOpinion).select_related("adviser", "unit", "meeting")
    if search:
        queryset = queryset.filter(
            Q(subject__icontains=search) | Q(adviser__name__icontains=search) | Q(unit__name__icontains=search)
        )
    if adoption:
        queryset = queryset.filter(adoption=adoption)
    if matter_type:
        queryset = queryset.filter(matter_type=matter_type)
    if source:
        queryset = queryset.filter(source=source)
    return queryset.order_by("-date", "-pk")


def lectures_for(user, *, search: str = "") -> QuerySet:
    queryset = visible(user, Lecture).select_related("speaker", "unit")
    if search:
        queryset = queryset.filter(Q(topic__icontains=search) | Q(speaker__name__icontains=search))
    return queryset.order_by("-date", "-pk")


def meetings_for(user, *, year: int | None = None) -> QuerySet:
    queryset = visible(user, ExecutiveMeeting).annotate(
        n_attendances=_count_by(MeetingAttendance.objects.all(), "meeting"),
        n_opinions=_count_by(LegalOpinion.objects.all(), "meeting"),
    )
    if year:
        queryset = queryset.filter(date__year=year)
    return queryset.prefetch_related("attendees").order_by("-date", "-session_number")


def rounds_for(user, *, status: str = "") -> QuerySet:
    queryset = visible(user, ReselectionRound).select_related("unit").annotate(n_candidates=Count("candidates"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-opened_on", "-pk")


# -- Statistics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyCounts:
    attendances: int = 0
    opinions: int = 0
    adopted: int = 0  # adopted or partly adopted
    not_adopted: int = 0
    lectures: int = 0
    inspections: int = 0

    @property
    def adoption_rate(self) -> Decimal | None:
        return adoption_rate(self.adopted, self.opinions)

    @property
    def total_records(self) -> int:
        return self.attendances + self.opinions + self.lectures + self.inspections


def duty_counts(
    adviser_ids: Iterable[int],
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    unit_id: int | None = None,
) -> dict[int, DutyCounts]:
    """Per adviser: attendances, opinions, adopted, not adopted, lectures, inspections in [date_from, date_to].

    With `unit_id`, opinions and lectures count only for that unit (attendances and inspections are
    the city's and always count). For other apps (annual duty reports, dashboards); four queries.
    """
    ids = list(set(adviser_ids))
    if not ids:
        return {}
    attendances = dict(
        _dated(MeetingAttendance.objects.filter(adviser_id__in=ids), "meeting__date", date_from, date_to)
        .values_list("adviser_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    opinion_rows = _dated(LegalOpinion.objects.filter(adviser_id__in=ids), "date", date_from, date_to)
    lecture_rows = _dated(Lecture.objects.filter(speaker_id__in=ids), "date", date_from, date_to)
    if unit_id is not None:
        opinion_rows, lecture_rows = opinion_rows.filter(unit_id=unit_id), lecture_rows.filter(unit_id=unit_id)
    opinions = {
        row["adviser_id"]: row
        for row in opinion_rows.values("adviser_id")
        .annotate(
            total=Count("pk"),
            adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES)),
            not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
        )
        .order_by()
    }
    lectures = dict(lecture_rows.values_list("speaker_id").annotate(n=Count("pk")).order_by())
    inspections = dict(
        _dated(InspectionParticipation.objects.filter(adviser_id__in=ids), "date", date_from, date_to)
        .values_list("adviser_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = {}
    for adviser_id in ids:
        row = opinions.get(adviser_id, {})
        result[adviser_id] = DutyCounts(
            attendances=attendances.get(adviser_id, 0),
            opinions=row.get("total", 0),
            adopted=row.get("adopted", 0),
            not_adopted=row.get("not_adopted", 0),
            lectures=lectures.get(adviser_id, 0),
            inspections=inspections.get(adviser_id, 0),
        )
    return result


def yearly_duty_counts(
    adviser_ids: Iterable[int], unit_ids: Iterable[int], first_year: int, last_year: int
) -> dict[tuple[int, int, int], DutyCounts]:
    """duty_counts for every (adviser, unit, year) of the years given, in the same four queries.

    Opinions and lectures count for the unit they were given at; attendances and inspections are the
    city's and count for every unit.
    """
    ids, units = list(set(adviser_ids)), list(set(unit_ids))
    if not ids or not units:
        return {}
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)

    def per_year(queryset, date_field, *keys, **counts):
        rows = (
            _dated(queryset, date_field, start, end)
            .annotate(in_year=ExtractYear(date_field))
            .values(*keys, "in_year")
            .annotate(**counts)
            .order_by()
        )
        return {tuple(row[k] for k in (*keys, "in_year")): row for row in rows}

    count = {"n": Count("pk")}
    attendances = per_year(MeetingAttendance.objects.filter(adviser_id__in=ids), "meeting__date", "adviser_id", **count)
    inspections = per_year(InspectionParticipation.objects.filter(adviser_id__in=ids), "date", "adviser_id", **count)
    opinions = per_year(
        LegalOpinion.objects.filter(adviser_id__in=ids, unit_id__in=units),
        "date",
        "adviser_id",
        "unit_id",
        total=Count("pk"),
        adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES)),
        not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
    )
    lectures = per_year(
        Lecture.objects.filter(speaker_id__in=ids, unit_id__in=units), "date", "speaker_id", "unit_id", **count
    )
    result = {}
    for adviser_id in ids:
        for unit_id in units:
            for year in range(first_year, last_year + 1):
                row = opinions.get((adviser_id, unit_id, year), {})
                result[adviser_id, unit_id, year] = DutyCounts(
                    attendances=attendances.get((adviser_id, year), {}).get("n", 0),
                    opinions=row.get("total", 0),
                    adopted=row.get("adopted", 0),
                    not_adopted=row.get("not_adopted", 0),
                    lectures=lectures.get((adviser_id, unit_id, year), {}).get("n", 0),
                    inspections=inspections.get((adviser_id, year), {}).get("n", 0),
                )
    return result


def adviser_statistics(
    user, *, date_from: dt.date | None = None, date_to: dt.date | None = None, role: str = "", search: str = ""
) -> QuerySet:
    """Visible advisers with their counts in the period (attendances, opinions, adopted, lectures).

    `role` keeps advisers with an engagement in that role (e.g. the city government advisers).
    """
    queryset = visible(user, Adviser)
    if role:
        queryset = queryset.filter(pk__in=Engagement.objects.filter(role=role).values("adviser_id"))
    if search:
        queryset = queryset.filter(name__icontains=search)
    opinions = _dated(visible(user, LegalOpinion), "date", date_from, date_to)
    return queryset.annotate(
        n_attendances=_count_by(
            _dated(MeetingAttendance.objects.all(), "meeting__date", date_from, date_to), "adviser"
        ),
        n_opinions=_count_by(opinions, "adviser"),
        n_meeting_opinions=_count_by(opinions.filter(source=LegalOpinion.Source.MEETING), "adviser"),
        n_adopted=_count_by(opinions.filter(adoption__in=ADOPTED_STATES), "adviser"),
        n_lectures=_count_by(_dated(visible(user, Lecture), "date", date_from, date_to), "speaker"),
    ).order_by("-n_attendances", "-n_opinions", "name", "pk")


def unit_statistics(
    user,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
    covered: bool = False,
) -> QuerySet:
    """Visible units with engagements in force, opinions (and adopted) and lectures in the period.

    `covered` keeps the units with an engagement in force (the dashboard's coverage figure)."""
    from accounts.models import Unit

    queryset = visible(user, Unit)
    if search:
        queryset = queryset.filter(name__icontains=search)
    opinions = _dated(LegalOpinion.objects.all(), "date", date_from, date_to)
    queryset = queryset.annotate(
        n_engagements=_count_by(Engagement.objects.in_force(), "unit"),
        n_opinions=_count_by(opinions, "unit"),
        n_adopted=_count_by(opinions.filter(adoption__in=ADOPTED_STATES), "unit"),
        n_not_adopted=_count_by(opinions.filter(adoption=LegalOpinion.Adoption.NOT_ADOPTED), "unit"),
        n_lectures=_count_by(_dated(Lecture.objects.all(), "date", date_from, date_to), "unit"),
    )
    shown = Q(n_engagements__gt=0) if covered else Q(n_engagements__gt=0) | Q(n_opinions__gt=0) | Q(n_lectures__gt=0)
    return queryset.filter(shown).order_by("-n_opinions", "name", "pk")


def meeting_summary(date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict:
    """The executive-meeting headline: meetings with an adviser, attendances (人次), opinions given there."""
    attendances = _dated(MeetingAttendance.objects.all(), "meeting__date", date_from, date_to)
    opinions = _dated(LegalOpinion.objects.filter(source=LegalOpinion.Source.MEETING), "date", date_from, date_to)
    figures = attendances.aggregate(
        attendances=Count("pk"), meetings=Count("meeting", distinct=True), advisers=Count("adviser", distinct=True)
    )
    figures.update(opinions.aggregate(opinions=Count("pk"), adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES))))
    figures["adoption_rate"] = adoption_rate(figures["adopted"], figures["opinions"])
    first_last = _dated(ExecutiveMeeting.objects.filter(attendees__isnull=False), "date", date_from, date_to)
    figures["first"] = first_last.order_by("date").values_list("date", flat=True).first()
    figures["last"] = first_last.order_by("-date").values_list("date", flat=True).first()
    return figures
