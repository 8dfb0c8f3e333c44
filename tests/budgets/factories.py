"""Budget requests in any workflow state, made through the services (or the ORM for bulk rows)."""

from decimal import Decimal

from accounts.jurisdictions import top_of
from budgets import services
from budgets.models import BudgetLine, BudgetRequest, FeeStandard, ItemType

PRICES = {
    ItemType.STANDING_COUNSEL: Decimal("5000"),
    ItemType.CONTRACT_REVIEW: Decimal("600"),
    ItemType.LITIGATION: Decimal("12000"),
    ItemType.MAJOR_DECISION: Decimal("2500"),
    ItemType.LECTURE: Decimal("1500"),
    ItemType.OTHER: Decimal("800"),
}
# Two lines: 3 months of counsel (15,000) in Q1 and 10 contract reviews (6,000) in Q4.
LINES = [(ItemType.STANDING_COUNSEL, 1, 3), (ItemType.CONTRACT_REVIEW, 4, 10)]


def fee_standards(*years, jurisdiction=None, prices=PRICES):
    """The standards of `jurisdiction` (default: the top level's, which every level inherits)."""
    jurisdiction = jurisdiction or top_of(None)
    for year in years:
        for item_type, price in prices.items():
            FeeStandard.objects.get_or_create(
                jurisdiction=jurisdiction,
                year=year,
                item_type=item_type,
                defaults={"unit_price": price, "measure": "件"},
            )


def line_data(spec=LINES, **extra):
    return [services.LineData(item_type=t, quarter=q, quantity=Decimal(n), **extra) for t, q, n in spec]


def draft(officer, *, year=2025, spec=LINES, title="2025年度法律服务经费预算"):
    fee_standards(year)
    return services.budget_request_create(
        actor=officer,
        year=year,
        title=title,
        justification="按工作量测算",
        previous_year_amount=Decimal("20000"),
        lines=line_data(spec),
    )


def amounts(request, field="amount", ratio="1"):
    """{line id: that line's `field` × ratio}: a review or an approval of every line."""
    return {line.pk: (getattr(line, field) * Decimal(ratio)).quantize(Decimal("0.01")) for line in request.lines.all()}


def submitted(officer, **kwargs):
    return services.budget_request_submit(request=draft(officer, **kwargs), actor=officer)


def reviewed(officer, bureau, ratio="0.9", **kwargs):
    request = submitted(officer, **kwargs)
    return services.budget_request_review(
        request=request, actor=bureau, line_amounts=amounts(request, ratio=ratio), comment="基本合理"
    )


def approved(officer, bureau, finance, ratio="0.9", **kwargs):
    request = reviewed(officer, bureau, ratio=ratio, **kwargs)
    return services.budget_request_approve(
        request=request, actor=finance, line_amounts=amounts(request, "recommended_amount")
    )


def bulk(unit, count, *, status=BudgetRequest.Status.REVIEWED, year=2026, reviewer=None):
    """`count` requests with two lines each, written directly (for query-count tests)."""
    requests = []
    for i in range(count):
        request = BudgetRequest.objects.create(
            unit=unit,
            year=year,
            title=f"申请{i}",
            justification="x",
            status=status,
            requested_amount=Decimal("21000"),
            recommended_amount=Decimal("20000") if status != BudgetRequest.Status.SUBMITTED else None,
            reviewed_by=reviewer if status != BudgetRequest.Status.SUBMITTED else None,
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    request=request,
                    item_type=ItemType.STANDING_COUNSEL,
                    quarter=1,
                    quantity=3,
                    unit_price=5000,
                    amount=15000,
                ),
                BudgetLine(
                    request=request,
                    item_type=ItemType.CONTRACT_REVIEW,
                    quarter=2,
                    quantity=10,
                    unit_price=600,
                    amount=6000,
                ),
            ]
        )
        requests.append(request)
    return requests
