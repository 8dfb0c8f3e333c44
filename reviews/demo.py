"""Demo data for 2025: duty reports (on time, late, still owed), assessments with every grade and decision,
county work reports in every state, and the contract inspection of the 81 units.

Idempotent (natural keys, get_or_create) and deterministic (random.Random(2025)). It builds on whatever
advisers and engagements the advisers app's demo created; the engagements it needs at the demo
officers' units it creates itself, so it also works on its own.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.demo import CITY, COUNTIES, COUNTY, INSPECTED_UNIT_NAMES
from accounts.models import Jurisdiction, Unit, User
from accounts.roles import Role
from advisers.demo import seed_portal
from advisers.models import Adviser, Engagement, Lecture, LegalOpinion

from .models import (
    Assessment,
    Decision,
    Dimension,
    DutyReport,
    InspectionCampaign,
    RectificationItem,
    UnitInspection,
    UnitWorkReport,
    VetoItem,
    report_deadline,
)
from .models.assessments import DEFAULT_VETO_ITEMS
from .records import duty_counts, engagements_due, unit_year_figures
from .services import assessment_complete, assessment_save, feedback_letter_compose, scheme_for_year

YEAR = 2025
BEIJING = ZoneInfo("Asia/Shanghai")

# The demo officers' units and the advisers they engage (fictional people and firms).
# Each row: name, category, end of term, what happened to the 2025 duty report.
UNIT_ADVISERS = {
    "市住房和城乡建设局": [
        ("湖南湘楚律师事务所", Adviser.Category.LAW_FIRM, datetime.date(2026, 12, 31), "on_time"),
        ("唐立新", Adviser.Category.LAWYER, datetime.date(2026, 12, 31), "late"),
        ("欧阳慧", Adviser.Category.LAWYER, datetime.date(2026, 3, 24), "owed"),
        ("谢文博", Adviser.Category.SCHOLAR, datetime.date(2026, 12, 31), "draft"),
        ("湖南株洲律师事务所", Adviser.Category.LAW_FIRM, datetime.date(2026, 12, 31), "on_time"),
    ],
    "市交通运输局": [
        ("湖南天衡律师事务所", Adviser.Category.LAW_FIRM, datetime.date(2026, 12, 31), "on_time"),
        ("贺振华", Adviser.Category.LAWYER, datetime.date(2026, 1, 23), "owed"),
        ("龙晓燕", Adviser.Category.LAWYER, datetime.date(2026, 12, 31), "late"),
        ("刘建国", Adviser.Category.LAWYER, datetime.date(2026, 12, 31), "on_time"),
    ],
}
# (adviser, grade aimed at, decision, veto item code or None): every grade and every decision.
ASSESSMENTS = [
    ("湖南湘楚律师事务所", Decimal("95"), Decision.RENEW, None),
    ("唐立新", Decimal("82"), Decision.RENEW, None),
    ("谢文博", Decimal("66"), Decision.RECTIFY, None),
    ("刘建国", Decimal("84"), Decision.DISMISS, "conflict"),
    ("湖南天衡律师事务所", Decimal("52"), Decision.RECTIFY, None),
]

# Per county: (its justice bureau's report to the county, the county's report to the city).
COUNTY_STATES = [
    ("accepted", "accepted"),
    ("accepted", "submitted"),
    ("returned", "returned"),
    ("submitted", "accepted"),
    ("draft", "draft"),
    ("missing", "missing"),
    ("accepted", "accepted"),
    ("submitted", "returned"),
    ("returned", "submitted"),
]

FINDINGS = {
    Dimension.TEXT_QUALITY: (
        "部分合同缺少保密、利益冲突回避、考核评价等必备条款。",
        "补充完善合同必备条款，使用合同示范文本。",
    ),
    Dimension.PROCEDURE: (
        "个别合同未经合法性审查即签订，选聘程序记录不完整。",
        "规范选聘和合法性审查程序，补齐审查记录。",
    ),
    Dimension.RISK_WARNING: ("未建立合同履行风险预警机制，到期合同缺乏提醒。", "建立合同到期和履约风险预警台账。"),
    Dimension.PERFORMANCE: (
        "合同履行情况跟踪记录不完整，付款与服务成果未挂钩。",
        "建立履约跟踪记录，按服务成果支付费用。",
    ),
    Dimension.ARCHIVES: ("合同档案归档不及时，签订文本与审查意见未一并归档。", "完善合同档案管理，做到一合同一档案。"),
}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def _unit_engagements(rng) -> list[Engagement]:
    engagements = []
    for unit_name, advisers in UNIT_ADVISERS.items():
        unit = Unit.objects.get(name=unit_name)
        for n, (name, category, end, _state) in enumerate(advisers):
            adviser, _ = Adviser.objects.get_or_create(
                name=name,
                defaults={
                    "category": category,
                    "licence_no": f"14302{2010 + n}1{rng.randint(1000000, 9999999)}"
                    if category != Adviser.Category.SCHOLAR
                    else "",
                    "affiliation": name
                    if category == Adviser.Category.LAW_FIRM
                    else "湖南工业大学法学院"
                    if category == Adviser.Category.SCHOLAR
                    else "湖南湘楚律师事务所",
                    "specialties": "行政法、合同法",
                },
            )
            engagement, _ = Engagement.objects.get_or_create(
                adviser=adviser,
                unit=unit,
                start_date=datetime.date(2024, 1, 1),
                defaults={
                    "end_date": end,
                    "selection_method": "public_selection",
                    "selection_completed_on": datetime.date(2023, 12, 15),
                },
            )
            engagements.append(engagement)
            for month in (3, 6, 9, 11)[: 1 + n % 4]:
                LegalOpinion.objects.get_or_create(
                    adviser=adviser,
                    unit=unit,
                    date=datetime.date(YEAR, month, 10 + n),
                    subject=f"关于{unit_name}{month}月合同审查的法律意见",
                    defaults={
                        "matter_type": LegalOpinion.MatterType.CONTRACT,
                        "adoption": LegalOpinion.Adoption.ADOPTED,
                    },
                )
            if n % 2 == 0:
                Lecture.objects.get_or_create(
                    speaker=adviser,
                    unit=unit,
                    date=datetime.date(YEAR, 7, 8 + n),
                    defaults={"topic": "民法典合同编与政府合同风险防范"},
                )
    return engagements


def _report(engagement: Engagement, state: str, n: int) -> None:
    if state == "owed":
        return
    counts = duty_counts(engagement, YEAR)
    fields = {
        **counts,
        "summary": (
            f"{YEAR}年，{engagement.adviser.name}为{engagement.unit.name}审查合同、"
            f"出具法律意见{counts['opinions_given']}件，开展法治讲座{counts['lectures_given']}场。"
        ),
        "deadline": report_deadline(YEAR),
    }
    if state == "draft":
        fields.update(status=DutyReport.Status.DRAFT, submitted_at=None, is_late=False)
    else:
        submitted_at = (
            _at(datetime.date(YEAR, 12, 10 + n % 15), 16)
            if state == "on_time"
            else _at(datetime.date(YEAR + 1, 1, 3 + n % 5), 10)
        )
        fields.update(
            status=DutyReport.Status.SUBMITTED, submitted_at=submitted_at, is_late=submitted_at >= report_deadline(YEAR)
        )
    DutyReport.objects.update_or_create(engagement=engagement, year=YEAR, defaults=fields)


def _duty_reports(rng, engagements: list[Engagement]) -> None:
    states = [state for advisers in UNIT_ADVISERS.values() for *_rest, state in advisers]
    for n, (engagement, state) in enumerate(zip(engagements, states, strict=True)):
        _report(engagement, state, n)
    # Other demo engagements (the city advisers...): most reported on time, a few late, a few still owed.
    others = (
        engagements_due(YEAR)
        .exclude(pk__in=[e.pk for e in engagements])
        .exclude(unit__jurisdiction__name=COUNTY)  # seed_county_demo's
        .select_related("adviser", "unit")
        .order_by("pk")
    )
    for n, engagement in enumerate(others):
        _report(engagement, rng.choices(["on_time", "late", "owed"], weights=[8, 1, 1])[0], n)


# 醴陵市's 2025 duty reports, in turn: submitted on time, a draft, still owed, submitted late.
COUNTY_REPORT_STATES = ["on_time", "draft", "owed", "late"]


def seed_county_demo() -> None:
    """醴陵市's duty reports for 2025, one of each state, for the engagements its advisers' demo made."""
    engagements = (
        engagements_due(YEAR)
        .filter(unit__jurisdiction__name=COUNTY)
        .select_related("adviser", "unit")
        .order_by("unit__path", "adviser__name", "pk")
    )
    for n, engagement in enumerate(engagements):
        _report(engagement, COUNTY_REPORT_STATES[n % len(COUNTY_REPORT_STATES)], n)


def _assessments(engagements: list[Engagement]) -> None:
    for code, name in DEFAULT_VETO_ITEMS:
        VetoItem.objects.get_or_create(code=code, defaults={"name": name})
    scheme = scheme_for_year(YEAR, Unit.objects.get(name=CITY).jurisdiction)
    criteria = list(scheme.criteria.all())
    by_name = {e.adviser.name: e for e in engagements}
    for n, (name, level, decision, veto) in enumerate(ASSESSMENTS):
        engagement = by_name[name]
        if Assessment.objects.filter(engagement=engagement, year=YEAR, status=Assessment.Status.COMPLETED).exists():
            continue
        scores = {c.pk: (min(level + 3, Decimal("100")), level + Decimal(n % 2)) for c in criteria}
        vetoes = list(VetoItem.objects.filter(code=veto).values_list("pk", flat=True)) if veto else []
        comments = "存在利益冲突回避情形，一票否决。" if veto else ""
        assessment = assessment_save(
            engagement=engagement, year=YEAR, scores=scores, veto_ids=vetoes, comments=comments, actor=None
        )
        assessment_complete(assessment=assessment, decision=decision, actor=None)
    # One more left as a draft: scored, not yet decided.
    draft = by_name["欧阳慧"]
    if not Assessment.objects.filter(engagement=draft, year=YEAR).exists():
        assessment_save(
            engagement=draft, year=YEAR, scores={c.pk: (Decimal("80"), Decimal("78")) for c in criteria}, actor=None
        )


def _work_report(unit: Unit, state: str, reviewer: User | None, n: int) -> None:
    if state == "missing":
        UnitWorkReport.objects.filter(unit=unit, year=YEAR).delete()
        return
    fields = {
        **unit_year_figures(unit, YEAR),
        "summary": (
            f"{YEAR}年，{unit.name}落实法律顾问制度，组织法律顾问参与重大行政决策、规范性文件和合同的合法性审查。"
        ),
        "status": state,
        "recipient": unit.parent if state != "draft" else None,
        "submitted_at": _at(datetime.date(YEAR + 1, 1, 5 + n), 9) if state != "draft" else None,
        "reviewed_at": _at(datetime.date(YEAR + 1, 1, 12 + n), 15) if state in ("accepted", "returned") else None,
        "reviewed_by": reviewer if state in ("accepted", "returned") else None,
        "return_reason": "未附法律顾问履职情况统计表，请补充后重新报送。" if state == "returned" else "",
    }
    UnitWorkReport.objects.update_or_create(unit=unit, year=YEAR, defaults=fields)


def _work_reports() -> None:
    bureau = User.objects.filter(role=Role.BUREAU, username="bureau").first()
    for n, (county, (bureau_state, county_state)) in enumerate(zip(COUNTIES, COUNTY_STATES, strict=True)):
        county_unit = Unit.objects.get(name=f"{county}人民政府")
        _work_report(Unit.objects.get(name=f"{county}司法局"), bureau_state, bureau, n)
        _work_report(county_unit, county_state, bureau, n)


def inspection_campaign(jurisdiction, *, year: int = YEAR, title: str = "", advisers=None) -> InspectionCampaign:
    """`jurisdiction`'s contract inspection of `year` (a county bureau runs its own), its bureau staff on
    the team, with `advisers` (default: four of those the jurisdiction registered)."""
    campaign, _ = InspectionCampaign.objects.update_or_create(
        jurisdiction=jurisdiction,
        year=year,
        defaults={
            "title": title or f"{year}年度{jurisdiction.name}政府合同专项清查",
            "started_on": datetime.date(year, 9, 1),
            "ended_on": datetime.date(year, 11, 28),
        },
    )
    campaign.staff.set(User.objects.filter(role=Role.BUREAU, unit__jurisdiction=jurisdiction))
    if advisers is None:
        advisers = Adviser.objects.filter(jurisdiction=jurisdiction).exclude(category=Adviser.Category.INTERNAL)
        advisers = advisers.order_by("pk")[:4]
    campaign.advisers.set(advisers)
    return campaign


def _inspection(rng) -> None:
    campaign = inspection_campaign(
        Unit.objects.get(name=CITY).jurisdiction,
        title=f"{YEAR}年度全市政府合同专项清查",
        advisers=Adviser.objects.exclude(category=Adviser.Category.INTERNAL).order_by("pk")[:4],
    )
    _inspect_units(rng, campaign, Unit.objects.filter(name__in=INSPECTED_UNIT_NAMES), showcase=set(UNIT_ADVISERS))


def _county_inspection() -> None:
    """醴陵市司法局's own 2025 inspection of the county's units: its letters carry 醴陵市司法局 and 醴司函."""
    county = Jurisdiction.objects.get(name=COUNTY)
    campaign = inspection_campaign(county, title=f"{YEAR}年度醴陵市政府合同专项清查")
    units = Unit.objects.filter(jurisdiction=county).exclude(kind=Unit.Kind.COUNTY_GOV).exclude(name__endswith="司法局")
    units = units.exclude(name__endswith="财政局")
    _inspect_units(random.Random(430281), campaign, units, showcase={"醴陵市住房和城乡建设局"})


def _inspect_units(rng, campaign: InspectionCampaign, units, *, showcase: set[str]) -> None:
    """Scores, rectification items and the feedback letter of each unit; the `showcase` units (the demo
    officers') get weak text and archives scores and an open item."""
    kind_base = {Unit.Kind.DEPARTMENT: 84, Unit.Kind.SOE: 80, Unit.Kind.HOSPITAL: 78, Unit.Kind.SCHOOL: 75}
    for n, unit in enumerate(units.order_by("name")):
        base = kind_base.get(unit.kind, 80)
        scores = {d: max(40, min(100, round(rng.gauss(base, 9)))) for d in Dimension.values}
        if unit.name in showcase:
            scores[Dimension.TEXT_QUALITY] = min(scores[Dimension.TEXT_QUALITY], 66)
            scores[Dimension.ARCHIVES] = min(scores[Dimension.ARCHIVES], 68)
        weak = [d for d in Dimension.values if scores[d] < 75]
        inspection, _ = UnitInspection.objects.update_or_create(
            campaign=campaign,
            unit=unit,
            defaults={
                **scores,
                "inspected_on": datetime.date(YEAR, 9, 1) + datetime.timedelta(days=n % 80),
                "contracts_checked": rng.randint(6, 40),
                "findings": "\n".join(FINDINGS[d][0] for d in weak) or "合同管理规范，未发现突出问题。",
            },
        )
        for k, dimension in enumerate(d for d in weak if scores[d] < 70):
            status = "open" if unit.name in showcase and k == 0 else rng.choice(["open", "answered", "closed"])
            answered = status != "open"
            RectificationItem.objects.get_or_create(
                inspection=inspection,
                dimension=dimension,
                defaults={
                    "description": FINDINGS[dimension][1],
                    "due_date": datetime.date(YEAR + 1, 3, 31),
                    "status": status,
                    "response": "已对照清查意见逐项整改，相关制度已印发。" if answered else "",
                    "answered_at": _at(datetime.date(YEAR + 1, 1, 8), 11) if answered else None,
                    "closed_at": _at(datetime.date(YEAR + 1, 1, 20), 11) if status == "closed" else None,
                },
            )
        if not inspection.letter_sent_on:
            inspection.feedback_letter = feedback_letter_compose(inspection)
            inspection.letter_sent_on = datetime.date(YEAR, 12, 15)
            inspection.save()


def seed(stdout=None):
    rng = random.Random(YEAR)
    if not Unit.objects.filter(name=CITY).exists():
        return
    engagements = _unit_engagements(rng)
    _duty_reports(rng, engagements)
    seed_county_demo()
    _assessments(engagements)
    _work_reports()
    _inspection(rng)
    _county_inspection()
    # The advisers' own accounts last: the firm's demo proposal is for an engagement made above.
    seed_portal()
    if stdout:
        stdout.write(
            f"  {YEAR}: duty reports {DutyReport.objects.filter(year=YEAR).count()}, "
            f"assessments {Assessment.objects.filter(year=YEAR).count()}, "
            f"work reports {UnitWorkReport.objects.filter(year=YEAR).count()}, "
            f"units inspected {UnitInspection.objects.filter(campaign__year=YEAR).count()}"
        )
