"""Reads: each takes the user and returns only what the policy lets them see, with the joins the
pages need (a constant number of queries whatever the number of rows)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.jurisdictions import effective
from accounts.policy import get_for, visible
from advisers.models import Engagement

from .models import ZERO, BudgetEvent, BudgetLine, BudgetRequest, FeeStandard, Settlement

Status = BudgetRequest.Status


def budget_request_list(*, user, status: str = "", year: int | None = None, search: str = "") -> QuerySet:
    qs = visible(user, BudgetRequest).select_related("unit").annotate(line_count=Count("lines"))
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(unit__name__icontains=search))
    return qs.order_by("-year", "unit__name", "-pk")


def _matching(queryset: QuerySet, search: str) -> QuerySet:
    return queryset.filter(Q(unit__name__icontains=search) | Q(title__icontains=search)) if search else queryset


def approval_queue(*, user, search: str = "") -> QuerySet:
    """Reviewed requests awaiting the finance bureau, oldest review first."""
    return (
        _matching(visible(user, BudgetRequest), search)
        .filter(status=Status.REVIEWED)
        .select_related("unit", "submitted_by", "reviewed_by")
        .annotate(line_count=Count("lines"))
        .order_by("reviewed_at", "pk")
    )


def review_queue(*, user, search: str = "") -> QuerySet:
    """Submitted requests awaiting the justice bureau's review, oldest first."""
    return (
        _matching(visible(user, BudgetRequest), search)
        .filter(status=Status.SUBMITTED)
        .select_related("unit", "submitted_by")
        .annotate(line_count=Count("lines"))
        .order_by("submitted_at", "pk")
    )


def queue_totals(queryset: QuerySet) -> dict:
    totals = queryset.order_by().aggregate(
        count=Count("pk"), requested=Sum("requested_amount"), recommended=Sum("recommended_amount")
    )
    return {k: v if v is not None else ZERO for k, v in totals.items()}


def budget_request_get(*, user, pk: int, action: str = "view") -> BudgetRequest:
    """One request with its lines and history (404 outside the user's scope, 403 if they may not `action`)."""
    queryset = BudgetRequest.objects.select_related(
        "unit", "created_by", "submitted_by", "reviewed_by", "approved_by"
    ).prefetch_related(
        Prefetch(
            "lines",
            queryset=BudgetLine.objects.select_related("for_unit", "engagement__adviser").order_by("quarter", "pk"),
        ),
        Prefetch("events", queryset=BudgetEvent.objects.select_related("actor").order_by("at", "pk")),
    )
    return get_for(user, queryset, action, pk=pk)


def previous_year_approved(*, unit, year: int):
    """What the finance bureau approved for this unit the year before (shown next to the request)."""
    total = BudgetRequest.objects.filter(unit=unit, year=year - 1, status=Status.APPROVED).aggregate(
        total=Sum("approved_amount")
    )["total"]
    return total or ZERO


def fee_standards(*, user, year: int | None = None) -> QuerySet:
    """The standards in force for the user's jurisdiction (each year and item: its own, else the nearest above)."""
    qs = effective(visible(user, FeeStandard), user.jurisdiction, per=("year", "item_type"))
    return qs.filter(year=year) if year else qs


def next_standards_year(*, user, offered: list[int]) -> int | None:
    """Of the `offered` years after this one, the first with fee standards for the user's jurisdiction: the
    year a new request opens on (None: the form says the standards are missing)."""
    later = [year for year in offered if year > timezone.localdate().year]
    years = fee_standards(user=user).filter(year__in=later).values_list("year", flat=True)
    return min(years, default=None)


def settlement_list(*, user, year: int | None = None, status: str = "") -> QuerySet:
    qs = visible(user, Settlement).select_related(
        "unit", "engagement__adviser", "engagement__unit", "prepared_by", "confirmed_by"
    )
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "status", "unit__name", "pk")


def settleable_engagements(*, user, years) -> QuerySet:
    """The engagements this user may see that an approved budget line funds in one of `years`: the only
    ones a settlement can be prepared for (settlements.approved_budget_for refuses the others)."""
    funded = BudgetLine.objects.filter(
        engagement=OuterRef("pk"), request__year__in=years, request__status=Status.APPROVED
    )
    return visible(user, Engagement).filter(Exists(funded)).select_related("adviser", "unit")
