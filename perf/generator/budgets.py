"""Fee budgets: fee standards, three years of requests with workload lines and their workflow events,
and pay-for-performance settlements of past years."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from accounts.jurisdictions import top_of
from accounts.roles import Role
from budgets.models import BudgetEvent, BudgetLine, BudgetRequest, FeeStandard, GradeCoefficient, ItemType, Settlement
from reviews.grades import Grade

from .base import Context, bulk_insert, family

CENT = Decimal("0.01")
PRICES = {
    ItemType.STANDING_COUNSEL: (Decimal("3000"), "月"),
    ItemType.CONTRACT_REVIEW: (Decimal("800"), "件"),
    ItemType.LITIGATION: (Decimal("20000"), "件"),
    ItemType.MAJOR_DECISION: (Decimal("5000"), "件"),
    ItemType.LECTURE: (Decimal("2000"), "场"),
    ItemType.OTHER: (Decimal("1000"), "件"),
}
QUANTITIES = {
    ItemType.STANDING_COUNSEL: (3, 12),
    ItemType.CONTRACT_REVIEW: (5, 60),
    ItemType.LITIGATION: (1, 4),
    ItemType.MAJOR_DECISION: (1, 8),
    ItemType.LECTURE: (1, 4),
    ItemType.OTHER: (1, 10),
}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _moment(ctx: Context, day: date) -> datetime:
    return datetime.combine(min(day, ctx.today), time(10), tzinfo=timezone.get_current_timezone())


@family("fee_standards", order=62, models=["budgets.FeeStandard"])
def fee_standards(ctx: Context) -> None:
    top = top_of(None)  # the top level's standards, which every level inherits

    def rows():
        for n, year in enumerate(ctx.years):
            for item, (price, measure) in PRICES.items():
                yield FeeStandard(
                    jurisdiction=top,
                    year=year,
                    item_type=item,
                    unit_price=_money(price * Decimal(1 + 0.03 * n)),
                    measure=measure,
                )

    bulk_insert(FeeStandard, rows(), ctx)


@family("budget_requests", order=64, models=["budgets.BudgetRequest", "budgets.BudgetLine", "budgets.BudgetEvent"])
def budget_requests(ctx: Context) -> None:
    """One request per budget unit and year: past years approved, the current year at every stage."""
    rng = ctx.rng
    officers = ctx.users_by_role.get(Role.OFFICER, [])
    bureau = ctx.users_by_role.get(Role.BUREAU, [])
    finance = ctx.users_by_role.get(Role.FINANCE, [])
    prices = {(s.year, s.item_type): s.unit_price for s in FeeStandard.objects.all()}
    current = [
        (BudgetRequest.Status.APPROVED, 0.4),
        (BudgetRequest.Status.REVIEWED, 0.2),
        (BudgetRequest.Status.SUBMITTED, 0.2),
        (BudgetRequest.Status.DRAFT, 0.1),
        (BudgetRequest.Status.RETURNED, 0.1),
    ]
    # A standing-counsel line funds one of the unit's engagements in force that year (what a settlement
    # is prepared from); chosen without the random stream so the rest of the set stays as it was.
    engagements_of = defaultdict(list)
    for pk, _adviser, unit_id, _role, start, end, *_rest in ctx.engagements:
        engagements_of[unit_id].append((pk, start, end))

    def funded(unit_id, year):
        return next((pk for pk, start, end in engagements_of[unit_id] if start.year <= year <= end.year), None)

    requests, plans = [], []
    for n, unit_id in enumerate(ctx.budget_unit_ids):
        previous = Decimal(0)
        for year in ctx.years:
            status = _stage(rng, current) if year == ctx.today.year else BudgetRequest.Status.APPROVED
            lines = []
            for item in rng.sample(list(PRICES), rng.randrange(2, 6)):
                low, high = QUANTITIES[item]
                quantity = Decimal(rng.randrange(low, high + 1))
                price = prices.get((year, item), PRICES[item][0])
                amount = _money(quantity * price)
                reviewed = status in (BudgetRequest.Status.REVIEWED, BudgetRequest.Status.APPROVED)
                recommended = _money(amount * Decimal(rng.randrange(75, 101)) / 100) if reviewed else None
                approved = (
                    _money(recommended * Decimal(rng.randrange(90, 101)) / 100)
                    if status == BudgetRequest.Status.APPROVED
                    else None
                )
                for_unit = (
                    rng.choice(ctx.secondary_of[unit_id])
                    if unit_id in ctx.secondary_of and rng.random() < 0.3
                    else None
                )
                lines.append(
                    BudgetLine(
                        item_type=item,
                        description="按预计工作量测算",
                        quarter=rng.randrange(1, 5),
                        quantity=quantity,
                        unit_price=price,
                        amount=amount,
                        recommended_amount=recommended,
                        approved_amount=approved,
                        for_unit_id=for_unit,
                        engagement_id=funded(for_unit or unit_id, year) if item == ItemType.STANDING_COUNSEL else None,
                    )
                )
            requested = sum((line.amount for line in lines), Decimal(0))
            officer, reviewer, approver = (
                officers[n % len(officers)],
                bureau[n % len(bureau)],
                finance[n % len(finance)],
            )
            submitted_on = date(year - 1, 10, 15) + timedelta(days=rng.randrange(30))
            reviewed = status in (BudgetRequest.Status.REVIEWED, BudgetRequest.Status.APPROVED)
            approved = status == BudgetRequest.Status.APPROVED
            sent = status != BudgetRequest.Status.DRAFT
            requests.append(
                BudgetRequest(
                    unit_id=unit_id,
                    year=year,
                    title=f"{year}年度法律服务经费预算",
                    status=status,
                    previous_year_amount=previous,
                    justification="根据上年度法律顾问工作量及本年度预计工作量测算。",
                    requested_amount=requested,
                    recommended_amount=sum((line.recommended_amount for line in lines), Decimal(0))
                    if reviewed
                    else None,
                    approved_amount=sum((line.approved_amount for line in lines), Decimal(0)) if approved else None,
                    approval_comment="结合本级财力核减部分工作量。"
                    if approved and any(line.approved_amount < line.recommended_amount for line in lines)
                    else "",
                    return_reason="请补充工作量测算依据。" if status == BudgetRequest.Status.RETURNED else "",
                    review_comment="经审核，按标准核减部分工作量。" if reviewed else "",
                    created_by_id=officer,
                    submitted_by_id=officer if sent else None,
                    submitted_at=_moment(ctx, submitted_on) if sent else None,
                    reviewed_by_id=reviewer if reviewed or status == BudgetRequest.Status.RETURNED else None,
                    reviewed_at=_moment(ctx, submitted_on + timedelta(days=20)) if reviewed else None,
                    approved_by_id=approver if approved else None,
                    approved_at=_moment(ctx, submitted_on + timedelta(days=40)) if approved else None,
                )
            )
            plans.append((lines, status, officer, reviewer, approver, submitted_on))
            previous = requests[-1].approved_amount or requested
    request_ids = bulk_insert(BudgetRequest, requests, ctx)

    def lines():
        for request_id, (request_lines, *_rest) in zip(request_ids, plans, strict=True):
            for line in request_lines:
                line.request_id = request_id
                yield line

    bulk_insert(BudgetLine, lines(), ctx)

    def events():
        steps = [
            (BudgetEvent.Action.CREATED, "", BudgetRequest.Status.DRAFT, 2, -5),
            (BudgetEvent.Action.SUBMITTED, BudgetRequest.Status.DRAFT, BudgetRequest.Status.SUBMITTED, 2, 0),
            (BudgetEvent.Action.REVIEWED, BudgetRequest.Status.SUBMITTED, BudgetRequest.Status.REVIEWED, 3, 20),
            (BudgetEvent.Action.APPROVED, BudgetRequest.Status.REVIEWED, BudgetRequest.Status.APPROVED, 4, 40),
        ]
        order = [
            BudgetRequest.Status.DRAFT,
            BudgetRequest.Status.SUBMITTED,
            BudgetRequest.Status.REVIEWED,
            BudgetRequest.Status.APPROVED,
        ]
        for request_id, request, (_lines, status, *actors, submitted_on) in zip(
            request_ids, requests, plans, strict=True
        ):
            reached = order.index(status) if status in order else 1
            for action, before, after, actor_index, days in steps[: reached + 1]:
                yield BudgetEvent(
                    request_id=request_id,
                    action=action,
                    actor_id=actors[actor_index - 2],
                    from_status=before,
                    to_status=after,
                    at=_moment(ctx, submitted_on + timedelta(days=days)),
                    amount=request.requested_amount,
                )
            if status == BudgetRequest.Status.RETURNED:
                yield BudgetEvent(
                    request_id=request_id,
                    action=BudgetEvent.Action.RETURNED,
                    actor_id=actors[1],
                    from_status=BudgetRequest.Status.SUBMITTED,
                    to_status=BudgetRequest.Status.RETURNED,
                    at=_moment(ctx, submitted_on + timedelta(days=10)),
                    comment=request.return_reason,
                )

    bulk_insert(BudgetEvent, events(), ctx)


def _stage(rng, weighted):
    roll, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if roll < acc:
            return value
    return weighted[-1][0]


@family("settlements", order=66, models=["budgets.Settlement"])
def settlements(ctx: Context) -> None:
    """Year-end settlements (按效付费) of past years for engagements at budget units."""
    rng = ctx.rng
    coefficients = dict(GradeCoefficient.objects.values_list("grade", "coefficient")) or {
        g: Decimal("1") for g in Grade.values
    }
    grades = [(Grade.EXCELLENT, 0.3), (Grade.COMPETENT, 0.55), (Grade.BASIC, 0.1), (Grade.INCOMPETENT, 0.05)]
    budget_units = set(ctx.budget_unit_ids)
    finance, bureau = ctx.users_by_role.get(Role.FINANCE, []), ctx.users_by_role.get(Role.BUREAU, [])

    in_budget_units = [e for e in ctx.engagements if e[2] in budget_units]
    # Past years within the term first; small sets also take other years to reach their count.
    pairs = [(e, y) for e in in_budget_units for y in ctx.years if y < ctx.today.year and e[4].year <= y <= e[5].year]
    rng.shuffle(pairs)
    if len(pairs) < ctx.scale.settlements:
        taken = set((e[0], y) for e, y in pairs)
        pairs += [(e, y) for e in in_budget_units for y in ctx.years if (e[0], y) not in taken]
    pairs = pairs[: ctx.scale.settlements]

    def rows():
        for (engagement_id, _adviser, unit_id, *_rest), year in pairs:
            grade = _stage(rng, grades)
            approved = Decimal(rng.randrange(20, 300)) * 500
            coefficient = coefficients.get(grade, Decimal("1"))
            confirmed = rng.random() < 0.8
            yield Settlement(
                engagement_id=engagement_id,
                unit_id=unit_id,
                year=year,
                approved_amount=approved,
                grade=grade,
                # Generated settlements have no assessment behind them: their grades were entered by hand.
                grade_source=Settlement.GradeSource.MANUAL,
                grade_reason="该年度考核以纸质方式进行，未在系统中录入。",
                coefficient=coefficient,
                amount=_money(approved * coefficient),
                status=Settlement.Status.CONFIRMED if confirmed else Settlement.Status.PREPARED,
                prepared_by_id=bureau[0] if bureau else None,
                confirmed_by_id=finance[0] if confirmed and finance else None,
                confirmed_at=_moment(ctx, date(year, 12, 28)) if confirmed else None,
                settled_on=min(date(year, 12, 30), ctx.today) if confirmed else None,
            )

    bulk_insert(Settlement, rows(), ctx)
