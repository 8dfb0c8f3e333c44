"""Reads: what each user may see of advisers, engagements and duty records, and the statistics.

Counting conventions (also in the README):
- an *attendance* is one adviser at one executive meeting (人次): a meeting attended by two advisers
  counts twice, which is how "12 advisers attended 57 times" adds up over advisers;
- attendances count by the *meeting-role rule*: only for advisers engaged in a meeting role
  (Engagement.MEETING_ROLES: city government adviser, advisory group member) and, per unit, only for the
  unit of that engagement (`counted_attendances`, `duty_counts`);
- *opinions* are LegalOpinion rows; *opinions at meetings* are those with source "meeting";
- the *adoption rate* is (adopted + partly adopted) / opinions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

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

from accounts.models import Jurisdiction, Unit
from accounts.policy import policy_for, visible
from figures.aggregates import cached, cached_rows
from ui.search import search_condition

from .models import (
    Adviser,
    AdviserSettings,
    Confirmation,
    ConflictFinding,
    Dispute,
    Engagement,
    ExecutiveMeeting,
    InspectionParticipation,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionCandidate,
    ReselectionRound,
)
from .policies import DECIDE, with_contact

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


def advisers_for(user, *, search: str = "", category: str = "", jurisdiction: Jurisdiction | None = None) -> QuerySet:
    """`jurisdiction`: only the advisers with an engagement in force in its area (the dashboard's figure)."""
    queryset = with_contact(user, visible(user, Adviser))
    if search:
        queryset = queryset.filter(search_condition(Adviser, ["name", "affiliation"], search))
    if category:
        queryset = queryset.filter(category=category)
    in_force = visible(user, Engagement.objects.in_force())
    if jurisdiction is not None:
        in_area = in_force.filter(adviser=OuterRef("pk"), unit__path__startswith=jurisdiction.path)
        queryset = queryset.filter(Exists(in_area))
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
    queryset = visible(user, Engagement).select_related("adviser", "unit").with_current_status()
    if search:
        queryset = queryset.filter(search_condition(Engagement, ["adviser__name", "unit__name"], search))
    if status:
        queryset = queryset.filter(current_status=status)
    if role:
        queryset = queryset.filter(role=role)
    if ending_days is not None:
        queryset = queryset.ending_within(ending_days)
    if idle:
        queryset = queryset.filter(idle_condition(months=idle_months))
    return queryset.order_by("end_date", "pk")


def engagements_ending_within(days: int, today: dt.date | None = None) -> QuerySet:
    """Active engagements ending in the next `days` days, citywide (for reminders and dashboards)."""
    return Engagement.objects.ending_within(days, today).select_related("adviser", "unit").order_by("end_date", "pk")


# -- Hired but not used (聘而不用) -----------------------------------------------------------------------


def idle_cutoff(today: dt.date | None = None, months: int | None = None) -> dt.date:
    today = today or timezone.localdate()
    # Pages pass their user's jurisdiction's months; without them, the top level's.
    months = months if months is not None else AdviserSettings.for_jurisdiction(None).idle_months
    return today - relativedelta(months=months)


def idle_condition(*, today: dt.date | None = None, months: int | None = None) -> Q:
    """True for an engagement hired but not used: in force for at least N months and no duty record for
    the unit in the last N months.

    Work for a unit is an opinion or lecture for it; attendances at executive meetings and places on
    the contract-inspection team count for every engagement as a city government adviser. Written as
    NOT EXISTS terms (not a CASE) so that PostgreSQL can filter on it with anti-joins.
    """
    today = today or timezone.localdate()
    cutoff = idle_cutoff(today, months)
    adviser, unit = OuterRef("adviser_id"), OuterRef("unit_id")
    city_work = Exists(
        MeetingAttendance.objects.filter(adviser=adviser, meeting__date__gt=cutoff, meeting__date__lte=today)
    ) | Exists(InspectionParticipation.objects.filter(adviser=adviser, date__gt=cutoff, date__lte=today))
    return (
        Q(
            status__in=Engagement.IN_FORCE,
            start_date__lte=cutoff,
            end_date__gte=today,
        )
        & ~Exists(LegalOpinion.objects.counted().filter(adviser=adviser, unit=unit, date__gt=cutoff, date__lte=today))
        & ~Exists(Lecture.objects.counted().filter(speaker=adviser, unit=unit, date__gt=cutoff, date__lte=today))
        & ~(Q(role=Engagement.Role.CITY_ADVISER) & city_work)
    )


def annotate_idle(queryset: QuerySet, *, today: dt.date | None = None, months: int | None = None) -> QuerySet:
    """Annotate `is_idle` (idle_condition): for one engagement; a page of them takes flag_idle()."""
    return queryset.annotate(
        is_idle=Case(
            When(idle_condition(today=today, months=months), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def flag_idle(page: QuerySet, *, today: dt.date | None = None, months: int | None = None) -> QuerySet:
    """One page of engagements (a sliced queryset) with `is_idle` annotated for its rows only: annotated
    on the whole list, PostgreSQL looks for recent work of every engagement before it cuts the page."""
    rows = Engagement.objects.filter(pk__in=page.values("pk")).select_related("adviser", "unit")
    return annotate_idle(rows, today=today, months=months).order_by(*page.query.order_by)


def idle_engagements(user, *, today: dt.date | None = None, months: int | None = None) -> QuerySet:
    """Engagements flagged hired-but-not-used that this user may see."""
    return (
        visible(user, Engagement)
        .select_related("adviser", "unit")
        .filter(idle_condition(today=today, months=months))
        .annotate(is_idle=Value(True))
        .order_by("unit__name", "adviser__name", "pk")
    )


# -- Duty records -----------------------------------------------------------------------------------


def opinions_for(user, *, search: str = "", adoption: str = "", matter_type: str = "", source: str = "") -> QuerySet:
    # The duty records themselves: an adviser's proposals are listed on their own page until confirmed.
    queryset = visible(user, LegalOpinion.objects.counted()).select_related("adviser", "unit", "meeting")
    if search:
        queryset = queryset.filter(search_condition(LegalOpinion, ["subject", "adviser__name", "unit__name"], search))
    if adoption:
        queryset = queryset.filter(adoption=adoption)
    if matter_type:
        queryset = queryset.filter(matter_type=matter_type)
    if source:
        queryset = queryset.filter(source=source)
    return queryset.order_by("-date", "-pk")


def lectures_for(user, *, search: str = "") -> QuerySet:
    queryset = visible(user, Lecture.objects.counted()).select_related("speaker", "unit")
    if search:
        queryset = queryset.filter(search_condition(Lecture, ["topic", "speaker__name"], search))
    return queryset.order_by("-date", "-pk")


def proposals_for(user, model, *, state: str = "") -> QuerySet:
    """The lectures or opinions advisers proposed that this user may see (an adviser: its own), waiting first."""
    adviser_field = "speaker" if model is Lecture else "adviser"
    queryset = visible(user, model).filter(proposed_by__isnull=False).select_related(adviser_field, "unit")
    if state in Confirmation.values:
        queryset = queryset.filter(confirmation=state)
    waiting_first = Case(When(confirmation=Confirmation.PROPOSED, then=Value(0)), default=Value(1))
    return queryset.order_by(waiting_first, "-date", "-pk")


def meetings_for(user, *, year: int | None = None) -> QuerySet:
    queryset = visible(user, ExecutiveMeeting).annotate(
        n_attendances=_count_by(MeetingAttendance.objects.all(), "meeting"),
        n_opinions=_count_by(LegalOpinion.objects.counted(), "meeting"),
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
    meeting_opinions: int = 0  # of the opinions, those given at executive meetings
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


def meeting_role_engagements(within: Unit | None = None) -> QuerySet:
    """The engagements attendances count for (Engagement.MEETING_ROLES), with units in `within`'s subtree."""
    engagements = Engagement.objects.filter(role__in=Engagement.MEETING_ROLES)
    return engagements if within is None else engagements.filter(unit__path__startswith=within.path)


def counted_attendances(within: Unit | None = None) -> QuerySet:
    """The attendances that count as duty: those of advisers holding a meeting-role engagement."""
    return MeetingAttendance.objects.filter(
        Exists(meeting_role_engagements(within).filter(adviser=OuterRef("adviser_id")))
    )


def duty_counts(
    adviser_ids: Iterable[int] | QuerySet,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    unit_ids: Iterable[int] | None = None,
    by_year: bool = False,
    within: Unit | None = None,
    user=None,
) -> dict:
    """The one answer to "how much did these advisers do" (README, "Counting duty records").

    Keyed by adviser id; by (adviser id, unit id) with `unit_ids`; with the year appended when `by_year`.
    A key without records reads as zeros. Opinions and lectures count for the unit they were given for,
    within `within`'s subtree and what `user` may see when given. Attendances count by the meeting-role
    rule: for an adviser engaged in a meeting role and, per unit, for the unit of that engagement only.
    Inspections are the city's and count for the adviser (and every unit). Four queries, five per unit.
    """
    ids = adviser_ids if isinstance(adviser_ids, QuerySet) else list(set(adviser_ids))
    units = None if unit_ids is None else list(set(unit_ids))
    opinions, lectures = LegalOpinion.objects.counted(), Lecture.objects.counted()
    if user is not None:
        opinions, lectures = visible(user, opinions), visible(user, lectures)
    if within is not None:
        opinions = opinions.filter(unit__path__startswith=within.path)
        lectures = lectures.filter(unit__path__startswith=within.path)

    def grouped(queryset, date_field, adviser_field, unit_field=None, **counts):
        queryset = _dated(queryset.filter(**{f"{adviser_field}__in": ids}), date_field, date_from, date_to)
        keys = [adviser_field]
        if unit_field is not None and units is not None:
            queryset = queryset.filter(**{f"{unit_field}__in": units})
            keys.append(unit_field)
        if by_year:
            queryset = queryset.annotate(in_year=ExtractYear(date_field))
            keys.append("in_year")
        rows = queryset.values(*keys).annotate(**counts).order_by()
        return {tuple(row[k] for k in keys): row for row in rows}

    n = {"n": Count("pk")}
    opinion_rows = grouped(
        opinions,
        "date",
        "adviser_id",
        "unit_id",
        n=Count("pk"),
        at_meetings=Count("pk", filter=Q(source=LegalOpinion.Source.MEETING)),
        adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES)),
        not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
    )
    lecture_rows = grouped(lectures, "date", "speaker_id", "unit_id", **n)
    attendance_rows = grouped(counted_attendances(within), "meeting__date", "adviser_id", **n)
    inspection_rows = grouped(InspectionParticipation.objects.all(), "date", "adviser_id", **n)

    counts: dict = {}

    def add(key, **values):
        key = key[0] if len(key) == 1 else key
        counts.setdefault(key, {}).update(values)

    for key, row in opinion_rows.items():
        add(
            key,
            opinions=row["n"],
            meeting_opinions=row["at_meetings"],
            adopted=row["adopted"],
            not_adopted=row["not_adopted"],
        )
    for key, row in lecture_rows.items():
        add(key, lectures=row["n"])
    # Per unit, an attendance counts for the units of the adviser's meeting-role engagements.
    places: dict[int, list[tuple]] = {}
    if units is not None and attendance_rows:
        holders = meeting_role_engagements(within).filter(adviser_id__in=ids, unit_id__in=units)
        for adviser_id, unit_id in holders.values_list("adviser_id", "unit_id").distinct():
            places.setdefault(adviser_id, []).append((unit_id,))
    for (adviser_id, *year), row in attendance_rows.items():
        for unit in places.get(adviser_id, []) if units is not None else [()]:
            add((adviser_id, *unit, *year), attendances=row["n"])
    for (adviser_id, *year), row in inspection_rows.items():
        for unit in [()] if units is None else [(unit_id,) for unit_id in units]:
            add((adviser_id, *unit, *year), inspections=row["n"])
    return defaultdict(DutyCounts, {key: DutyCounts(**values) for key, values in counts.items()})


class AdviserFigures(NamedTuple):
    """One row of the per-adviser statistics (plain values: the rows are kept in the cache)."""

    pk: int
    name: str
    category: str
    n_attendances: int = 0
    n_opinions: int = 0
    n_meeting_opinions: int = 0
    n_adopted: int = 0
    n_lectures: int = 0

    def get_category_display(self) -> str:
        return Adviser.Category(self.category).label


class UnitFigures(NamedTuple):
    pk: int
    name: str
    n_engagements: int = 0
    n_opinions: int = 0
    n_adopted: int = 0
    n_not_adopted: int = 0
    n_lectures: int = 0


# Every model the statistics read, those deciding an officer's scope included (figures.aggregates).
STATISTICS_SOURCES = (
    Unit,
    Adviser,
    Engagement,
    ReselectionCandidate,
    ExecutiveMeeting,
    MeetingAttendance,
    LegalOpinion,
    Lecture,
)


def _grouped(queryset: QuerySet, key: str, **counts) -> dict[int, tuple]:
    """{key: (count, ...)}: one GROUP BY over the rows instead of a correlated subquery per row and column."""
    rows = queryset.order_by().values(key).annotate(**counts).values_list(key, *counts)
    return {row[0]: row[1:] for row in rows}


def adviser_statistics(
    user, *, date_from: dt.date | None = None, date_to: dt.date | None = None, role: str = "", search: str = ""
) -> Sequence[AdviserFigures]:
    """Visible advisers with their counts in the period (attendances, opinions, adopted, lectures), most
    attendances first, then most opinions, then by name.

    `role` keeps advisers with an engagement in that role (e.g. the city government advisers).
    """
    return cached_rows(
        "advisers.adviser_statistics",
        user=user,
        sources=STATISTICS_SOURCES,
        params=(date_from, date_to, role, search),
        compute=lambda: _adviser_statistics(user, date_from, date_to, role, search),
    )


def _adviser_statistics(user, date_from, date_to, role, search) -> list[AdviserFigures]:
    advisers = visible(user, Adviser)
    if role:
        advisers = advisers.filter(pk__in=Engagement.objects.filter(role=role).values("adviser_id"))
    if search:
        advisers = advisers.filter(name__icontains=search)
    counts = duty_counts(advisers.values("pk"), date_from, date_to, user=user)
    rows = []
    for pk, name, category in advisers.order_by("name", "pk").values_list("pk", "name", "category"):
        c = counts[pk]
        rows.append(
            AdviserFigures(pk, name, category, c.attendances, c.opinions, c.meeting_opinions, c.adopted, c.lectures)
        )
    # A stable sort keeps the database's name order (its collation) among equal counts.
    rows.sort(key=lambda row: (-row.n_attendances, -row.n_opinions))
    return rows


def unit_statistics(
    user,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
    covered: bool = False,
    jurisdiction: Jurisdiction | None = None,
) -> Sequence[UnitFigures]:
    """Visible units with engagements in force, opinions (and adopted) and lectures in the period, most
    opinions first.

    `covered` keeps the units with an engagement in force (the dashboard's coverage figure); `jurisdiction`
    the units of its area."""
    return cached_rows(
        "advisers.unit_statistics",
        user=user,
        sources=STATISTICS_SOURCES,
        # "In force" is today's: the figures of yesterday are not today's.
        params=(date_from, date_to, search, covered, jurisdiction and jurisdiction.path, timezone.localdate()),
        compute=lambda: _unit_statistics(user, date_from, date_to, search, covered, jurisdiction),
    )


def _unit_statistics(user, date_from, date_to, search, covered, jurisdiction=None) -> list[UnitFigures]:
    units = visible(user, Unit)
    if jurisdiction is not None:
        units = units.filter(path__startswith=jurisdiction.path)
    if search:
        units = units.filter(name__icontains=search)
    shown = units.values("pk")
    engagements = _grouped(Engagement.objects.in_force().filter(unit__in=shown), "unit", n=Count("pk"))
    opinions = _grouped(
        _dated(LegalOpinion.objects.counted().filter(unit__in=shown), "date", date_from, date_to),
        "unit",
        n=Count("pk"),
        adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES)),
        not_adopted=Count("pk", filter=Q(adoption=LegalOpinion.Adoption.NOT_ADOPTED)),
    )
    lectures = _grouped(
        _dated(Lecture.objects.counted().filter(unit__in=shown), "date", date_from, date_to), "unit", n=Count("pk")
    )
    rows = []
    for pk, name in units.order_by("name", "pk").values_list("pk", "name"):
        row = UnitFigures(pk, name, *engagements.get(pk, (0,)), *opinions.get(pk, (0, 0, 0)), *lectures.get(pk, (0,)))
        if row.n_engagements or (not covered and (row.n_opinions or row.n_lectures)):
            rows.append(row)
    rows.sort(key=lambda row: -row.n_opinions)
    return rows


def meeting_summary(date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict:
    """The executive-meeting headline: meetings with an adviser, attendances (人次), opinions given there."""
    return cached(
        "advisers.meeting_summary",
        user=None,  # the city's meetings: the same figures for everyone
        sources=(ExecutiveMeeting, MeetingAttendance, LegalOpinion),
        params=(date_from, date_to),
        compute=lambda: _meeting_summary(date_from, date_to),
    )


def _meeting_summary(date_from, date_to) -> dict:
    attendances = _dated(counted_attendances(), "meeting__date", date_from, date_to)
    opinions = _dated(
        LegalOpinion.objects.counted().filter(source=LegalOpinion.Source.MEETING), "date", date_from, date_to
    )
    figures = attendances.aggregate(
        attendances=Count("pk"), meetings=Count("meeting", distinct=True), advisers=Count("adviser", distinct=True)
    )
    figures.update(opinions.aggregate(opinions=Count("pk"), adopted=Count("pk", filter=Q(adoption__in=ADOPTED_STATES))))
    figures["adoption_rate"] = adoption_rate(figures["adopted"], figures["opinions"])
    first_last = _dated(ExecutiveMeeting.objects.filter(attendees__isnull=False), "date", date_from, date_to)
    figures["first"] = first_last.order_by("date").values_list("date", flat=True).first()
    figures["last"] = first_last.order_by("-date").values_list("date", flat=True).first()
    return figures


# -- Conflict-of-interest review ----------------------------------------------------------------------


def disputes_for(user, *, search: str = "", status: str = "") -> QuerySet:
    """The registers of disputes this user may see: their unit's for an officer, their area's for the bureau."""
    queryset = visible(user, Dispute).select_related("unit")
    if search:
        fields = ["case_number", "counterparty", "counterparty_lawyer", "counterparty_firm", "unit__name"]
        queryset = queryset.filter(search_condition(Dispute, fields, search))
    if status in Dispute.Status.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-filed_on", "-pk")


def conflict_findings_for(
    user,
    *,
    status: str = ConflictFinding.Status.OPEN,
    search: str = "",
    jurisdiction: Jurisdiction | None = None,
    waiting: bool = False,
) -> QuerySet:
    """Conflict findings this user may see, by unit (one unit's for its officer, every unit's of the area for the
    bureau, those of `jurisdiction`'s area when given); `status` "" for every finding. `waiting`: only the open
    ones this user decides (`conflicts_waiting_for`)."""
    queryset = conflicts_waiting_for(user) if waiting else visible(user, ConflictFinding)
    queryset = queryset.select_related("engagement__adviser", "engagement__unit", "dispute", "decided_by")
    if status in ConflictFinding.Status.values:
        queryset = queryset.filter(status=status)
    if jurisdiction is not None:
        queryset = queryset.filter(engagement__unit__path__startswith=jurisdiction.path)
    if search:
        queryset = queryset.filter(
            search_condition(ConflictFinding, ["engagement__adviser__name", "engagement__unit__name"], search)
        )
    return queryset.order_by("engagement__unit__name", "-detected_at", "-pk")


def conflicts_waiting_for(user) -> QuerySet:
    """Findings waiting for this user's decision: the open ones of the units whose bureau they work for (a
    province reads every city's, but decides only its own level's)."""
    return policy_for(ConflictFinding).scope(
        user, ConflictFinding.objects.filter(status=ConflictFinding.Status.OPEN), action=DECIDE
    )
