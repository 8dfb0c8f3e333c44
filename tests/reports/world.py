"""Demo-like data written directly (fast), sized by `n`: budget units with approved fees in two years,
advisers engaged by unit A with opinions, lectures and attendances, an inspection and a work report."""

import datetime as dt
from decimal import Decimal

from accounts.jurisdictions import top_of
from accounts.models import Unit
from advisers.models import Engagement, LegalOpinion
from budgets.models import BudgetLine, BudgetRequest, ItemType
from reviews.models import DutyReport, InspectionCampaign, RectificationItem, UnitInspection, UnitWorkReport
from tests.factories import (
    AttendanceFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
)


def budget_units(city, n, *, bureau, finance, first=0):
    units = []
    for i in range(first, first + n):
        unit = Unit.objects.create(name=f"市第{i:03d}预算单位", parent=city, is_budget_unit=True)
        for year, amount in ((2024, Decimal(100000)), (2025, Decimal(75000))):
            request = BudgetRequest.objects.create(
                unit=unit,
                year=year,
                title=f"{year}年度法律服务经费预算",
                justification="按工作量测算",
                status=BudgetRequest.Status.APPROVED,
                requested_amount=amount,
                recommended_amount=amount,
                approved_amount=amount,
                reviewed_by=bureau,
                approved_by=finance,
            )
            BudgetLine.objects.create(
                request=request,
                item_type=ItemType.STANDING_COUNSEL,
                quarter=1,
                quantity=1,
                unit_price=amount,
                amount=amount,
                recommended_amount=amount,
                approved_amount=amount,
            )
        units.append(unit)
    return units


def advisers_at(unit, n, *, names=None):
    meeting = MeetingFactory(date=dt.date(2025, 5, 20))
    engagements = []
    for i in range(n):
        name = names[i] if names and i < len(names) else f"顾问{unit.pk}-{i:03d}"
        engagement = EngagementFactory(unit=unit, adviser__name=name, role=Engagement.Role.UNIT_ADVISER)
        OpinionFactory(adviser=engagement.adviser, unit=unit)
        OpinionFactory(
            adviser=engagement.adviser,
            unit=unit,
            adoption=LegalOpinion.Adoption.NOT_ADOPTED,
            non_adoption_reason="与上位法规定冲突",
        )
        LectureFactory(speaker=engagement.adviser, unit=unit)
        AttendanceFactory(meeting=meeting, adviser=engagement.adviser)
        DutyReport.objects.create(engagement=engagement, year=2025, status=DutyReport.Status.DRAFT)
        engagements.append(engagement)
    return engagements


def inspection_of(unit, *, items=2, year=2025):
    campaign, _ = InspectionCampaign.objects.get_or_create(
        jurisdiction=top_of(None),
        year=year,
        defaults={"title": f"{year}年度全市政府合同专项清查", "started_on": dt.date(year, 9, 1)},
    )
    inspection = UnitInspection.objects.create(
        campaign=campaign,
        unit=unit,
        inspected_on=dt.date(year, 9, 12),
        contracts_checked=17,
        text_quality=66,
        procedure=81,
        risk_warning=74,
        performance=88,
        archives=59,
        findings="部分合同缺少违约责任条款。\n合同档案未按年度归档。",
    )
    for i in range(items):
        RectificationItem.objects.create(
            inspection=inspection,
            dimension="archives",
            description=f"建立合同档案台账第{i + 1}项",
            due_date=dt.date(year + 1, 3, 31),
        )
    return inspection


def work_report_of(unit, *, year=2025, summary="全年组织法律顾问参与合法性审查。"):
    return UnitWorkReport.objects.create(
        unit=unit,
        year=year,
        summary=summary,
        opinions=12,
        opinions_adopted=10,
        opinions_not_adopted=2,
        lectures=3,
        engagements=4,
    )
