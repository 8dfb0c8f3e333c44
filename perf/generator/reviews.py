"""Annual duty reports, assessments with their scores, unit work reports, and the contract inspections
(campaigns, unit results, rectification items). Past years are complete; the current year is under way,
so that reminders have reports still owed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.jurisdictions import top_of
from accounts.models import Notice, Unit
from accounts.roles import Role
from advisers.models import Engagement
from reviews.grades import Grade
from reviews.models import (
    Assessment,
    AssessmentScore,
    Decision,
    Dimension,
    DutyReport,
    InspectionCampaign,
    RectificationItem,
    ReminderKind,
    ReminderLog,
    UnitInspection,
    UnitWorkReport,
)
from reviews.models.duty_reports import report_deadline
from reviews.reminders import REPORT_DUE_DAYS
from reviews.services import scheme_for_year

from .base import Context, bulk_insert, family

GRADES = [(Grade.EXCELLENT, 90, 100), (Grade.COMPETENT, 75, 89), (Grade.BASIC, 60, 74), (Grade.INCOMPETENT, 40, 59)]


def _moment(ctx: Context, day: date, hour: int = 10) -> datetime:
    return datetime.combine(min(day, ctx.today), time(hour), tzinfo=timezone.get_current_timezone())


def _due(ctx: Context, year: int):
    """Engagements that owe a report for `year`, as reviews.records.engagements_due decides."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    for engagement in ctx.engagements:
        _pk, adviser_id, _unit, _role, start, end, _method = engagement
        if start <= last and end >= first and adviser_id not in ctx.internal_advisers:
            yield engagement


@family("duty_reports", order=67, models=["reviews.DutyReport", "reviews.Assessment"])
def duty_reports(ctx: Context) -> None:
    rng = ctx.rng
    dismissed = set(Engagement.objects.filter(status=Engagement.Status.DISMISSED).values_list("pk", flat=True))
    officers = ctx.users_by_role.get(Role.OFFICER) or [None]
    reports, assessed = [], []
    for year in ctx.years:
        deadline = report_deadline(year)
        current = year == ctx.today.year
        for engagement in _due(ctx, year):
            if engagement[0] in dismissed:
                continue
            if current and rng.random() < ctx.scale.owed_share:
                continue  # still owed: the reminders' work
            submitted = rng.random() >= ctx.scale.draft_share
            when = None
            if submitted:
                late = not current and rng.random() < 0.08
                when = (
                    deadline + timedelta(days=rng.randrange(1, 20))
                    if late
                    else deadline - timedelta(days=rng.randrange(1, 40))
                )
                when = min(when, timezone.now() - timedelta(hours=1))
            reports.append(
                DutyReport(
                    engagement_id=engagement[0],
                    year=year,
                    status=DutyReport.Status.SUBMITTED if submitted else DutyReport.Status.DRAFT,
                    summary="本年度认真履行法律顾问职责。",
                    meetings_attended=rng.randrange(0, 6),
                    opinions_given=rng.randrange(0, 30),
                    opinions_adopted=rng.randrange(0, 20),
                    lectures_given=rng.randrange(0, 4),
                    deadline=deadline,
                    submitted_at=when,
                    is_late=bool(when and when >= deadline),
                )
            )
            if submitted and not current:
                assessed.append((engagement, year))
    bulk_insert(DutyReport, reports, ctx)

    schemes = {year: scheme_for_year(year) for year in ctx.years}
    criteria = {year: list(scheme.criteria.all()) for year, scheme in schemes.items()}
    assessments, scores = [], []
    for n, (engagement, year) in enumerate(assessed):
        grade, low, high = GRADES[min(int(rng.random() ** 2 * 4), 3)]
        total = Decimal(rng.randrange(low, high + 1))
        decision = (
            Decision.DISMISS
            if grade == Grade.INCOMPETENT
            else (Decision.RECTIFY if grade == Grade.BASIC else Decision.RENEW)
        )
        assessments.append(
            Assessment(
                engagement_id=engagement[0],
                year=year,
                scheme=schemes[year],
                status=Assessment.Status.COMPLETED,
                self_total=min(total + 3, Decimal(100)),
                unit_total=total,
                grade=grade,
                decision=decision,
                comments="履职情况良好。",
                completed_at=_moment(ctx, date(year + 1, 1, 20)),
                completed_by_id=officers[n % len(officers)],
            )
        )
        scores.append((year, total))
    ids = bulk_insert(Assessment, assessments, ctx)

    def score_rows():
        for assessment_id, (year, total) in zip(ids, scores, strict=True):
            for criterion in criteria[year]:
                yield AssessmentScore(
                    assessment_id=assessment_id,
                    criterion=criterion,
                    self_score=min(total + 3, Decimal(100)),
                    unit_score=total,
                )

    bulk_insert(AssessmentScore, score_rows(), ctx)


@family("work_reports", order=68, models=["reviews.UnitWorkReport"])
def work_reports(ctx: Context) -> None:
    """市、县两级工作报告: each unit with advisers reports a year up the line to its parent."""

    rng = ctx.rng
    parents = dict(Unit.objects.filter(pk__in={e[2] for e in ctx.engagements}).values_list("pk", "parent_id"))
    officers = ctx.users_by_role.get(Role.OFFICER) or [None]
    bureau = ctx.users_by_role.get(Role.BUREAU) or [None]

    def rows():
        for year in ctx.years[:-1]:
            for n, (unit_id, parent_id) in enumerate(sorted(parents.items())):
                accepted = rng.random() < 0.85
                yield UnitWorkReport(
                    unit_id=unit_id,
                    year=year,
                    recipient_id=parent_id or ctx.root_id,
                    status=UnitWorkReport.Status.ACCEPTED if accepted else UnitWorkReport.Status.SUBMITTED,
                    summary="本单位法律顾问工作总结。",
                    engagements=rng.randrange(1, 5),
                    opinions=rng.randrange(0, 80),
                    opinions_adopted=rng.randrange(0, 60),
                    opinions_not_adopted=rng.randrange(0, 5),
                    lectures=rng.randrange(0, 6),
                    contracts=rng.randrange(1, 4),
                    contract_amount=Decimal(rng.randrange(20, 600)) * 500,
                    duty_reports_submitted=rng.randrange(0, 4),
                    assessments_completed=rng.randrange(0, 4),
                    submitted_at=_moment(ctx, date(year + 1, 1, 10)),
                    submitted_by_id=officers[n % len(officers)],
                    reviewed_at=_moment(ctx, date(year + 1, 1, 25)) if accepted else None,
                    reviewed_by_id=bureau[0] if accepted else None,
                )

    bulk_insert(UnitWorkReport, rows(), ctx)


@family(
    "inspections",
    order=69,
    models=["reviews.InspectionCampaign", "reviews.UnitInspection", "reviews.RectificationItem"],
)
def inspections(ctx: Context) -> None:
    """合同专项清查 every year: a share of the units scored in five dimensions, letters, rectification."""
    rng = ctx.rng
    top = top_of(None)
    campaigns = [
        InspectionCampaign(
            jurisdiction=top,
            year=year,
            title=f"{year}年度政府合同专项清查",
            started_on=date(year, 9, 1),
            ended_on=date(year, 11, 30) if date(year, 11, 30) < ctx.today else None,
        )
        for year in ctx.years
    ]
    campaign_ids = bulk_insert(InspectionCampaign, campaigns, ctx)
    share = min(1.0, max(81 / 1300, 3 * ctx.scale.inspection_team / max(len(ctx.leaf_unit_ids), 1)))
    inspected = []
    for campaign_id, campaign in zip(campaign_ids, campaigns, strict=True):
        count = max(int(len(ctx.leaf_unit_ids) * share), min(len(ctx.leaf_unit_ids), ctx.scale.inspection_team * 3))
        for unit_id in rng.sample(ctx.leaf_unit_ids, count):
            day = ctx.random_date(campaign.started_on, min(date(campaign.year, 11, 30), ctx.today))
            scores = {d: rng.randrange(55, 100) for d in Dimension.values}
            sent = day + timedelta(days=14) if day + timedelta(days=14) < ctx.today else None
            inspected.append(
                (
                    UnitInspection(
                        campaign_id=campaign_id,
                        unit_id=unit_id,
                        inspected_on=day,
                        contracts_checked=rng.randrange(3, 30),
                        findings="部分合同缺少考核评价条款。",
                        feedback_letter="经检查，现将有关问题反馈如下。" if sent else "",
                        letter_sent_on=sent,
                        **scores,
                    ),
                    scores,
                    sent,
                )
            )
    ids = bulk_insert(UnitInspection, [i for i, _s, _sent in inspected], ctx)

    def items():
        for inspection_id, (_inspection, scores, sent) in zip(ids, inspected, strict=True):
            if not sent:
                continue
            for dimension, score in scores.items():
                if score >= 75:
                    continue
                closed = sent + timedelta(days=60) < ctx.today and rng.random() < 0.7
                yield RectificationItem(
                    inspection_id=inspection_id,
                    dimension=dimension,
                    description="限期整改，完善合同管理制度。",
                    due_date=sent + timedelta(days=60),
                    status=RectificationItem.Status.CLOSED if closed else RectificationItem.Status.OPEN,
                    response="已完成整改。" if closed else "",
                    answered_at=_moment(ctx, sent + timedelta(days=30)) if closed else None,
                    closed_at=_moment(ctx, sent + timedelta(days=50)) if closed else None,
                )

    bulk_insert(RectificationItem, items(), ctx)


@family("reminder_logs", order=75, models=["reviews.ReminderLog", "accounts.Notice"])
def reminder_logs(ctx: Context) -> None:
    """Past years' report-due reminders: each a notice and the log row that makes it exactly-once."""

    recipients = ctx.users_by_role.get(Role.OFFICER, []) + ctx.users_by_role.get(Role.ADVISER, [])
    plan = [
        (user_id, date(year, month, day))
        for year in ctx.years[:-1]
        for month, day in sorted(REPORT_DUE_DAYS)
        for user_id in recipients
    ][: max(ctx.scale.notices // 2, 1)]
    notice_ids = bulk_insert(
        Notice,
        (
            Notice(
                recipient_id=user_id,
                kind=ReminderKind.REPORT_DUE,
                title=f"{day.year}年度履职报告提醒",
                body="以下年度履职报告尚未提交。",
                link="/reviews/",
                created_at=_moment(ctx, day, 8),
            )
            for user_id, day in plan
        ),
        ctx,
    )
    bulk_insert(
        ReminderLog,
        (
            ReminderLog(
                recipient_id=user_id,
                kind=ReminderKind.REPORT_DUE,
                day=day,
                notice_id=notice_id,
                items=ctx.rng.randrange(1, 5),
            )
            for (user_id, day), notice_id in zip(plan, notice_ids, strict=True)
        ),
        ctx,
    )
