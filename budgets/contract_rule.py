"""The contract rule "fee above the approved budget" (contracts.rules' extension point).

A contract whose engagement is funded by approved budget lines must not cost more than those lines
approve for the fiscal years they cover: a fixed annual fee is compared year by year, any other fee
basis with the total of the funded years. A contract with no approved line behind it is not judged.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from contracts.models import ServiceContract

from .models import BudgetLine, BudgetRequest


def approved_by_year(engagement_id: int) -> dict[int, Decimal]:
    rows = (
        BudgetLine.objects.filter(engagement_id=engagement_id, request__status=BudgetRequest.Status.APPROVED)
        .values("request__year")
        .annotate(total=Sum("approved_amount"))
    )
    return {row["request__year"]: row["total"] or Decimal("0") for row in rows}


def fee_above_budget(contract: ServiceContract, context) -> str | None:
    if not contract.engagement_id or contract.amount is None or not (contract.start_date and contract.end_date):
        return None
    covered = set(range(contract.start_date.year, contract.end_date.year + 1))
    budget = {year: amount for year, amount in approved_by_year(contract.engagement_id).items() if year in covered}
    if not budget:
        return None
    if contract.fee_basis == ServiceContract.FeeBasis.FIXED_ANNUAL:
        over = sorted(year for year, amount in budget.items() if contract.amount > amount)
        if not over:
            return None
        year = over[0]
        return _("The annual fee of %(fee)s yuan is above the %(approved)s yuan approved for %(year)s.") % {
            "fee": f"{contract.amount:,.2f}",
            "approved": f"{budget[year]:,.2f}",
            "year": year,
        }
    approved = sum(budget.values(), Decimal("0"))
    if contract.amount <= approved:
        return None
    return _("The contract amount of %(fee)s yuan is above the %(approved)s yuan approved for it.") % {
        "fee": f"{contract.amount:,.2f}",
        "approved": f"{approved:,.2f}",
    }


def recheck_contracts_funded_by(request: BudgetRequest) -> None:
    """After an approval: the contracts whose engagements this request funds are checked again."""
    from contracts.services import findings_recompute_for

    engagement_ids = set(request.lines.exclude(engagement=None).values_list("engagement_id", flat=True))
    if engagement_ids:
        findings_recompute_for(engagement_ids=engagement_ids)
