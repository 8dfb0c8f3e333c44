"""Reads of contracts and findings, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Jurisdiction
from accounts.policy import visible
from ui.search import search_condition

from .models import ContractFinding, Rule, ServiceContract


def contracts_for(
    user,
    *,
    search: str = "",
    method: str = "",
    findings: str = "",
    ending_days: int | None = None,
    state: str = "",
) -> QuerySet:
    # A correlated count, not a GROUP BY over the join: PostgreSQL then reads the page's 30 contracts
    # from the newest-first index instead of grouping every contract before it can sort.
    open_findings = ContractFinding.objects.filter(contract=OuterRef("pk"), status=ContractFinding.Status.OPEN)
    queryset = (
        visible(user, ServiceContract)
        .select_related("unit", "adviser")
        .annotate(
            open_findings=Coalesce(Subquery(open_findings.values("contract").annotate(n=Count("pk")).values("n")), 0)
        )
    )
    if search:
        queryset = queryset.filter(search_condition(ServiceContract, ["number", "unit__name", "adviser__name"], search))
    if method:
        queryset = queryset.filter(procurement_method=method)
    if findings == "open":
        queryset = queryset.filter(Exists(open_findings))
    elif findings == "none":
        queryset = queryset.filter(~Exists(open_findings))
    if ending_days is not None:
        today = timezone.localdate()
        queryset = queryset.filter(end_date__gte=today, end_date__lte=today + dt.timedelta(days=ending_days))
    if state in ServiceContract.TermState.values:
        queryset = queryset.filter(ServiceContract.term_state_condition(state, timezone.localdate()))
    return queryset.order_by("-signed_on", "-pk")


def contract_findings(contract: ServiceContract) -> QuerySet:
    return contract.findings.order_by("status", "-detected_at", "pk")


def _open_findings(user, jurisdiction: Jurisdiction | None) -> QuerySet:
    queryset = visible(user, ContractFinding).filter(status=ContractFinding.Status.OPEN)
    if jurisdiction is not None:
        queryset = queryset.filter(contract__unit__path__startswith=jurisdiction.path)
    return queryset


def open_findings_for(user, *, rule: str = "", search: str = "", jurisdiction: Jurisdiction | None = None) -> QuerySet:
    """Open findings this user may see: one unit's for its officer, every unit's for the bureau (those of
    `jurisdiction`'s area only, when given)."""
    queryset = _open_findings(user, jurisdiction).select_related("contract", "contract__unit", "contract__adviser")
    if rule:
        queryset = queryset.filter(rule=rule)
    if search:
        queryset = queryset.filter(Q(contract__number__icontains=search) | Q(contract__unit__name__icontains=search))
    return queryset.order_by("contract__unit__name", "contract__number", "rule", "pk")


def open_findings_by_rule(user, *, jurisdiction: Jurisdiction | None = None) -> list[tuple[str, str, int]]:
    """[(rule code, label, open findings)] for every rule, zeros included."""
    counts = dict(_open_findings(user, jurisdiction).values_list("rule").annotate(n=Count("pk")).order_by())
    return [(code, label, counts.get(code, 0)) for code, label in Rule.choices]


def contracts_ending_within(days: int, today: dt.date | None = None) -> QuerySet:
    """Contracts ending in the next `days` days, citywide (for reminders)."""
    today = today or timezone.localdate()
    return (
        ServiceContract.objects.filter(end_date__gte=today, end_date__lte=today + dt.timedelta(days=days))
        .select_related("unit", "adviser")
        .order_by("end_date", "pk")
    )
