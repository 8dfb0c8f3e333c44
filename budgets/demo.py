"""Demo fee budgets built from the article: the 38 municipal budget units' approved fees for the first
three quarters total 3,742,000 yuan in 2024 and 2,795,000 yuan in 2025 (a saving of 947,000 yuan,
25.3%), spread deterministically over the units, quarters and workload lines. The statistics page
computes the article's figures from these records; nothing here stores a total.

Fiscal-year 2026 requests run through the real services so that the demo accounts find requests in
every workflow state (the finance account has an approval queue, the bureau a review queue).
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from accounts.jurisdictions import effective
from accounts.models import Unit, User
from advisers.models import Engagement
from reviews.grades import Grade

from . import services
from .models import BudgetEvent, BudgetLine, BudgetRequest, FeeStandard, ItemType, Settlement
from .selectors import previous_year_approved
from .settlements import settlement_confirm, settlement_prepare

# The article's figures: approved fees of the 38 budget units, quarters 1–3.
FIRST_THREE_QUARTERS = {2024: 3_742_000, 2025: 2_795_000}
APPROVAL_CUT = "结合本级财力，按上年度实际发生额核减部分工作量。"
# 醴陵市's three budget units, approved by its own finance bureau (fictional; a saving of 24.3%).
COUNTY_FIRST_THREE_QUARTERS = {2024: 420_000, 2025: 318_000}

# Unit prices (yuan) by year; the 2025 reform lowered them (按工作量核定经费).
PRICES = {
    2024: {
        ItemType.STANDING_COUNSEL: ("6000", "月"),
        ItemType.CONTRACT_REVIEW: ("800", "件"),
        ItemType.LITIGATION: ("15000", "件"),
        ItemType.MAJOR_DECISION: ("3000", "件"),
        ItemType.LECTURE: ("2000", "场"),
        ItemType.OTHER: ("1000", "项"),
    },
    2025: {
        ItemType.STANDING_COUNSEL: ("5000", "月"),
        ItemType.CONTRACT_REVIEW: ("600", "件"),
        ItemType.LITIGATION: ("12000", "件"),
        ItemType.MAJOR_DECISION: ("2500", "件"),
        ItemType.LECTURE: ("1500", "场"),
        ItemType.OTHER: ("800", "项"),
    },
}
PRICES[2026] = PRICES[2025]


def split(total: int, weights: list[float]) -> list[int]:
    """Split a whole number in proportion to `weights` (largest remainder): the parts sum to `total`."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def seed_fee_standards(jurisdiction):
    """The city's standards (its bureau keeps them; the counties use them until they set their own)."""
    for year, items in PRICES.items():
        for item_type, (price, measure) in items.items():
            FeeStandard.objects.update_or_create(
                jurisdiction=jurisdiction,
                year=year,
                item_type=item_type,
                defaults={"unit_price": Decimal(price), "measure": measure},
            )


def _quarter_lines(rng, year, quarter, approved_target: int | None) -> list[BudgetLine]:
    """Workload lines for one quarter; when `approved_target` is given the approved amounts sum to it."""
    prices = {k: Decimal(v[0]) for k, v in PRICES[year].items()}
    counsel = 3 * prices[ItemType.STANDING_COUNSEL]
    if approved_target is None:
        reviews = rng.randint(5, 15)
    else:
        # Request about 15–35% more than will be approved, as units did before the joint review.
        wanted = Decimal(approved_target) * Decimal(str(rng.uniform(1.15, 1.35)))
        reviews = max(1, int(((wanted - counsel) / prices[ItemType.CONTRACT_REVIEW]).to_integral_value(ROUND_CEILING)))
    specs = [
        (ItemType.STANDING_COUNSEL, Decimal(3), "常年法律顾问服务"),
        (ItemType.CONTRACT_REVIEW, Decimal(reviews), "合同审查"),
    ]
    if quarter == 2:
        specs.append((ItemType.LECTURE, Decimal(1), "法治讲座"))
    lines = [
        BudgetLine(item_type=t, quarter=quarter, quantity=q, unit_price=prices[t], amount=prices[t] * q, description=d)
        for t, q, d in specs
    ]
    if approved_target is None:
        approved = [int(line.amount * Decimal("0.8")) for line in lines]
    else:
        approved = split(approved_target, [float(line.amount) for line in lines])
    for line, value in zip(lines, approved, strict=True):
        line.approved_amount = Decimal(value)
        line.recommended_amount = min(line.amount, Decimal(value + (int(line.amount) - value) // 2))
    return lines


def seed_history(
    units: list[Unit], officers: dict[int, User], bureau: User, finance: User, totals=FIRST_THREE_QUARTERS, salt=0
):
    """Approved 2024 and 2025 requests of every budget unit; Q1–Q3 approved totals are `totals` (the article's)."""
    for year, total in totals.items():
        rng = random.Random(year + salt)
        per_unit = split(total // 100, [rng.uniform(0.6, 1.4) for _ in units])
        for unit, hundreds in zip(units, per_unit, strict=True):
            per_quarter = split(hundreds * 100, [rng.uniform(0.8, 1.2) for _ in range(3)])
            lines = [line for q in range(3) for line in _quarter_lines(rng, year, q + 1, per_quarter[q])]
            lines += _quarter_lines(rng, year, 4, None)
            engagement = Engagement.objects.filter(unit=unit).order_by("pk").first()
            for line in lines:
                if line.item_type == ItemType.STANDING_COUNSEL:
                    line.engagement = engagement
            officer = officers.get(unit.pk)
            request, _created = BudgetRequest.objects.update_or_create(
                unit=unit,
                year=year,
                title=f"{year}年度法律服务经费预算",
                defaults={
                    "status": BudgetRequest.Status.APPROVED,
                    "justification": "按常年法律顾问、合同审查及法治讲座的预计工作量测算。",
                    "previous_year_amount": Decimal(0),
                    "requested_amount": sum(line.amount for line in lines),
                    "recommended_amount": sum(line.recommended_amount for line in lines),
                    "approved_amount": sum(line.approved_amount for line in lines),
                    "review_comment": "按工作量和收费标准核减。",
                    "approval_comment": APPROVAL_CUT
                    if sum(line.approved_amount for line in lines) < sum(line.recommended_amount for line in lines)
                    else "",
                    "created_by": officer,
                    "submitted_by": officer,
                    "submitted_at": _at(year - 1, 11, 15),
                    "reviewed_by": bureau,
                    "reviewed_at": _at(year - 1, 12, 5),
                    "approved_by": finance,
                    "approved_at": _at(year - 1, 12, 20),
                },
            )
            # Demo rows are rebuilt on every run, so that the seed stays deterministic.
            request.lines.all().delete()
            request.events.all().delete()
            for line in lines:
                line.request = request
            BudgetLine.objects.bulk_create(lines)
            BudgetEvent.objects.bulk_create(
                [
                    BudgetEvent(
                        request=request,
                        action=BudgetEvent.Action.SUBMITTED,
                        actor=officer,
                        at=request.submitted_at,
                        from_status="draft",
                        to_status="submitted",
                        amount=request.requested_amount,
                    ),
                    BudgetEvent(
                        request=request,
                        action=BudgetEvent.Action.REVIEWED,
                        actor=bureau,
                        at=request.reviewed_at,
                        from_status="submitted",
                        to_status="reviewed",
                        amount=request.recommended_amount,
                        comment=request.review_comment,
                    ),
                    BudgetEvent(
                        request=request,
                        action=BudgetEvent.Action.APPROVED,
                        actor=finance,
                        at=request.approved_at,
                        from_status="reviewed",
                        to_status="approved",
                        amount=request.approved_amount,
                        comment=request.approval_comment,
                    ),
                ]
            )
    for unit in units:  # the previous year's fees, as each request states them
        previous = BudgetRequest.objects.filter(unit=unit, year=2024).values_list("approved_amount", flat=True).first()
        BudgetRequest.objects.filter(unit=unit, year=2025).update(previous_year_amount=previous or 0)


def _lines(spec, for_unit=None):
    return [
        services.LineData(item_type=t, quarter=q, quantity=Decimal(n), description=d, for_unit=for_unit)
        for t, q, n, d in spec
    ]


def _recommend_all(request, ratio="0.9"):
    return {line.pk: (line.amount * Decimal(ratio)).quantize(Decimal("1")) for line in request.lines.all()}


def seed_current(units: list[Unit], officer: User, officer2: User, bureau: User, finance: User):
    """Fiscal-year 2026 requests in every state, made through the workflow services."""
    year = 2026
    justification = "依据上年度实际工作量及本年度重点工作测算。"

    def make(actor, title, spec, steps, for_unit=None):
        if BudgetRequest.objects.filter(unit=actor.unit, year=year, title=title).exists():
            return
        request = services.budget_request_create(
            actor=actor,
            year=year,
            title=title,
            justification=justification,
            previous_year_amount=previous_year_approved(unit=actor.unit, year=year),
            lines=_lines(spec) + (_lines(for_unit[1], for_unit[0]) if for_unit else []),
        )
        for step in steps:
            request = step(request)

    def submit(actor):
        return lambda r: services.budget_request_submit(request=r, actor=actor)

    def review(r):
        return services.budget_request_review(
            request=r, actor=bureau, line_amounts=_recommend_all(r), comment="工作量测算基本合理，单价按标准核定。"
        )

    def finance_return(r):
        return services.budget_request_return(
            request=r, actor=finance, reason="讲座场次与上年度实际开展情况差距较大，请按实际需求调整后重新申报。"
        )

    counsel, review_item = ItemType.STANDING_COUNSEL, ItemType.CONTRACT_REVIEW
    annual = [(counsel, q, 3, "常年法律顾问服务") for q in (1, 2, 3, 4)] + [
        (review_item, q, 12, "合同审查") for q in (1, 2, 3, 4)
    ]
    centre = Unit.objects.filter(parent=officer.unit).order_by("name").first()
    make(
        officer,
        "2026年度法律服务经费预算",
        annual,
        [submit(officer), review],
        for_unit=(centre, [(ItemType.LITIGATION, 2, 2, "房屋征收行政诉讼代理（归口统筹）")]) if centre else None,
    )
    make(
        officer,
        "2026年度法治讲座专项经费",
        [(ItemType.LECTURE, q, 4, "法治讲座") for q in (2, 3)],
        [submit(officer), review, finance_return],
    )
    make(
        officer,
        "2026年度追加法律服务经费（重大决策审查）",
        [(ItemType.MAJOR_DECISION, 3, 4, "重大行政决策合法性审查")],
        [],
    )
    make(officer2, "2026年度法律服务经费预算", annual, [submit(officer2)])
    make(
        officer2,
        "2026年度合同审查专项经费",
        [(review_item, q, 20, "PPP项目合同审查") for q in (1, 2)],
        [submit(officer2), review],
    )

    # Other budget units' requests waiting for the finance bureau (entered from their paper submissions).
    rng = random.Random(year)
    for unit in [u for u in units if u.pk not in (officer.unit_id, officer2.unit_id)][:8]:
        _paper_request(unit, year, f"{year}年度法律服务经费预算", BudgetRequest.Status.REVIEWED, bureau, rng)


def _paper_request(unit, year, title, status, bureau, rng):
    """A request entered from a unit's paper submission: reviewed by `bureau`, or still a draft."""
    if BudgetRequest.objects.filter(unit=unit, year=year, title=title).exists():
        return
    standards = effective(FeeStandard.objects.filter(year=year), unit, per=("item_type",))
    prices = {s.item_type: s.unit_price for s in standards}
    counsel, review_item = ItemType.STANDING_COUNSEL, ItemType.CONTRACT_REVIEW
    reviewed = status == BudgetRequest.Status.REVIEWED
    lines = []
    for q in (1, 2, 3, 4):
        for item_type, quantity in ((counsel, 3), (review_item, rng.randint(5, 20))):
            amount = prices[item_type] * quantity
            lines.append(
                BudgetLine(
                    item_type=item_type,
                    quarter=q,
                    quantity=quantity,
                    unit_price=prices[item_type],
                    amount=amount,
                    recommended_amount=(amount * Decimal("0.9")).quantize(Decimal("1")) if reviewed else None,
                )
            )
    request = BudgetRequest.objects.create(
        unit=unit,
        year=year,
        title=title,
        justification="依据上年度实际工作量及本年度重点工作测算。",
        previous_year_amount=previous_year_approved(unit=unit, year=year),
        status=status,
        requested_amount=sum(line.amount for line in lines),
        recommended_amount=sum(line.recommended_amount for line in lines) if reviewed else None,
        review_comment="按收费标准核定。" if reviewed else "",
        submitted_at=_at(year - 1, 11, 10) if reviewed else None,
        reviewed_by=bureau if reviewed else None,
        reviewed_at=_at(year - 1, 12, 1) if reviewed else None,
    )
    for line in lines:
        line.request = request
    BudgetLine.objects.bulk_create(lines)
    if not reviewed:
        return
    BudgetEvent.objects.bulk_create(
        [
            BudgetEvent(
                request=request,
                action=BudgetEvent.Action.SUBMITTED,
                at=request.submitted_at,
                from_status="draft",
                to_status="submitted",
                amount=request.requested_amount,
            ),
            BudgetEvent(
                request=request,
                action=BudgetEvent.Action.REVIEWED,
                actor=bureau,
                at=request.reviewed_at,
                from_status="submitted",
                to_status="reviewed",
                amount=request.recommended_amount,
            ),
        ]
    )


# The demo's settled years have no assessments in the system for every engagement: those were on paper.
PAPER_ASSESSMENT = "该年度考核以纸质方式进行，未在系统中录入。"


def seed_settlements(bureau: User, finance: User):
    """Year-end settlements of the engagements the approved budgets of the bureau's jurisdiction fund (once
    advisers' demo has them)."""
    rng = random.Random(2024)
    grades = [Grade.EXCELLENT] * 5 + [Grade.COMPETENT] * 3 + [Grade.BASIC, Grade.INCOMPETENT]
    funded = (
        BudgetLine.objects.filter(
            engagement__isnull=False,
            request__status=BudgetRequest.Status.APPROVED,
            request__year__in=[2024, 2025],
            request__unit__jurisdiction=bureau.jurisdiction,
        )
        .values_list("engagement", "request__year")
        .distinct()
        .order_by("engagement", "request__year")
    )
    for engagement_id, year in funded:
        if Settlement.objects.filter(engagement_id=engagement_id, year=year).exists():
            continue
        engagement = Engagement.objects.get(pk=engagement_id)
        settlement = settlement_prepare(
            engagement=engagement, year=year, grade=rng.choice(grades), reason=PAPER_ASSESSMENT, actor=bureau
        )
        if year == 2024:
            settlement_confirm(settlement=settlement, actor=finance)
            Settlement.objects.filter(pk=settlement.pk).update(settled_on=datetime(year, 12, 28).date())


def seed_county_demo():
    """醴陵市's budget units: approved 2024 and 2025 requests and 2026 ones in several states, so that `liling`
    has a review queue and `liling_finance` an approval queue of the county's own."""
    bureau, finance = User.objects.get(username="liling"), User.objects.get(username="liling_finance")
    officer = User.objects.get(username="liling_officer")
    units = sorted(Unit.objects.filter(is_budget_unit=True, jurisdiction=bureau.jurisdiction), key=lambda u: u.name)
    seed_history(units, {officer.unit_id: officer}, bureau, finance, totals=COUNTY_FIRST_THREE_QUARTERS, salt=281)
    year = 2026
    title = f"{year}年度法律服务经费预算"
    counsel, review_item = ItemType.STANDING_COUNSEL, ItemType.CONTRACT_REVIEW
    if not BudgetRequest.objects.filter(unit=officer.unit, year=year, title=title).exists():
        request = services.budget_request_create(
            actor=officer,
            year=year,
            title=title,
            justification="依据上年度实际工作量测算。",
            previous_year_amount=previous_year_approved(unit=officer.unit, year=year),
            lines=_lines(
                [(counsel, q, 3, "常年法律顾问服务") for q in (1, 2, 3, 4)] + [(review_item, 2, 8, "合同审查")]
            ),
        )
        services.budget_request_submit(request=request, actor=officer)  # waits in liling's review queue
    others = [u for u in units if u.pk != officer.unit_id]
    rng = random.Random(year + 281)
    for unit, status in zip(others, [BudgetRequest.Status.REVIEWED, BudgetRequest.Status.DRAFT], strict=False):
        _paper_request(unit, year, title, status, bureau, rng)


def seed(stdout=None):
    bureau, finance = User.objects.get(username="bureau"), User.objects.get(username="finance")
    seed_fee_standards(bureau.jurisdiction)
    units = sorted(Unit.objects.filter(is_budget_unit=True, jurisdiction=bureau.jurisdiction), key=lambda u: u.name)
    officer, officer2 = User.objects.get(username="officer"), User.objects.get(username="officer2")
    officers = {officer.unit_id: officer, officer2.unit_id: officer2}
    seed_history(units, officers, bureau, finance)
    seed_current(units, officer, officer2, bureau, finance)
    seed_settlements(bureau, finance)
    seed_county_demo()
    seed_settlements(User.objects.get(username="liling"), User.objects.get(username="liling_finance"))
    if stdout:
        stdout.write(
            f"  fee standards: {FeeStandard.objects.count()}, budget requests: {BudgetRequest.objects.count()}, "
            f"settlements: {Settlement.objects.count()}"
        )
