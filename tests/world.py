"""The test world, one module for every test that needs more than a fixture or two, built through the
factories (tests/factories.py) and the services:

- `build_areas()`: a small province for the jurisdiction scope tests: 湖南省 above two cities (株洲, 长沙)
  and two counties (醴陵, 攸县) under 株洲; each area has a justice bureau, a finance bureau and an audit
  office with one account each, and one budget unit holding one record of each kind.
- `build_world(city)` / `matrix_world()`: what the permission matrix tries every URL on and the report access
  tests export from: one object of each kind at unit A and at unit B, one user per role, and the jurisdiction
  pairs of the province above the city.
- `unit_records(engagement, officer)`: a unit's reviews records (duty report, assessment, work report,
  inspection) through the reviews services.
- `jurisdiction_tree()`: the dashboard's and fee statistics' rows per sub-jurisdiction: 湖南省 → 株洲市 → 醴陵市,
  each level with a budget unit, an adviser with an open finding and approved fees.
- `budget_units`, `advisers_at`, `adviser_with_finding`, `inspection_of`, `work_report_of`: report-sized data,
  `n` rows at a time.

Tests that only read a world build it once per module (`tests.conftest.built_once`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Notice, Unit
from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import AdviserSettings, Engagement, InspectionParticipation, LegalOpinion, ReselectionCandidate
from budgets.models import FeeStandard, GradeCoefficient, Settlement
from contracts import services as contract_services
from contracts.models import ContractFinding, ContractRuleSettings, ProcurementBand, Rule
from reports.models import ReportJob
from reviews.models import AssessmentScheme, ReminderLog, VetoItem
from reviews.services import (
    assessment_save,
    duty_report_attach,
    duty_report_save,
    scheme_for_year,
    work_report_save,
    work_report_submit,
)
from selection import services as selection_services
from selection.panel import services as panel_services
from tests import factories
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    BudgetLineFactory,
    BudgetRequestFactory,
    ContractFactory,
    EngagementFactory,
    InspectionCampaignFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
    RectificationItemFactory,
    UnitInspectionFactory,
    UnitWorkReportFactory,
    make_user,
    pdf_bytes,
)

# area key → (government unit, its kind, its level, the area it sits in)
AREAS = {
    "hunan": ("湖南省人民政府", Unit.Kind.PROVINCE_GOV, Unit.Level.PROVINCE, None),
    "zhuzhou": ("株洲市人民政府", Unit.Kind.CITY_GOV, Unit.Level.CITY, "hunan"),
    "changsha": ("长沙市人民政府", Unit.Kind.CITY_GOV, Unit.Level.CITY, "hunan"),
    "liling": ("醴陵市人民政府", Unit.Kind.COUNTY_GOV, Unit.Level.COUNTY, "zhuzhou"),
    "youxian": ("攸县人民政府", Unit.Kind.COUNTY_GOV, Unit.Level.COUNTY, "zhuzhou"),
}
# The offices whose staff work for the area's jurisdiction; the province has its justice department only.
OFFICES = {"bureau": (Role.BUREAU, "司法局"), "finance": (Role.FINANCE, "财政局"), "auditor": (Role.AUDITOR, "审计局")}
RECORD_KINDS = ("engagement", "adviser", "contract", "opinion", "budget", "duty_report")


@dataclass
class Area:
    key: str
    government: Unit
    unit: Unit  # the budget unit holding the area's records
    users: dict = field(default_factory=dict)  # "bureau", "finance", "auditor", "officer"
    records: dict = field(default_factory=dict)  # by RECORD_KINDS


def _prefix(government: Unit) -> str:
    return government.name.removesuffix("人民政府")


def _records(area: Area) -> dict:
    unit, officer = area.unit, area.users["officer"]
    prefix = _prefix(area.government)
    engagement = EngagementFactory(
        unit=unit, adviser__name=f"{prefix}顾问", adviser__jurisdiction=area.government.jurisdiction
    )
    adviser = engagement.adviser
    records = {
        "engagement": engagement,
        "adviser": adviser,
        "contract": ContractFactory(adviser=adviser, unit=unit, engagement=engagement, number=f"HT-{area.key}"),
        "opinion": OpinionFactory(adviser=adviser, unit=unit, subject=f"{prefix}合同审查意见"),
        "duty_report": duty_report_save(engagement=engagement, year=2025, summary=f"{prefix}履职报告", actor=officer),
    }
    # Reviewed by the area's own bureau (the province reviews its own level's units), ready for approval.
    records["budget"] = factories.reviewed(
        officer, area.users["bureau"], year=2025, title=f"{prefix}2025年度法律服务经费预算"
    )
    return records


def build_areas() -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for key, (name, kind, level, above) in AREAS.items():
        government = Unit.objects.create(
            name=name, kind=kind, level=level, parent=areas[above].government if above else None
        )
        prefix = _prefix(government)
        if key == "hunan":
            unit = Unit.objects.create(name="湖南省交通运输厅", parent=government, level=level, is_budget_unit=True)
            area = Area(key, government, unit)
            office = Unit.objects.create(name="湖南省司法厅", parent=government, level=level)
            area.users["bureau"] = make_user(f"{key}_bureau", Role.BUREAU, office)
        else:
            unit = Unit.objects.create(
                name=f"{prefix}住房和城乡建设局", parent=government, level=level, is_budget_unit=True
            )
            area = Area(key, government, unit)
            for office_key, (role, office_name) in OFFICES.items():
                office = Unit.objects.create(name=f"{prefix}{office_name}", parent=government, level=level)
                area.users[office_key] = make_user(f"{key}_{office_key}", role, office)
        area.users["officer"] = make_user(f"{key}_officer", Role.OFFICER, unit)
        areas[key] = area
    for area in areas.values():
        area.records = _records(area)
    return areas


def unit_records(engagement, officer):
    """One of each reviews record at the engagement's unit, written by its officer."""
    unit = engagement.unit
    report = duty_report_save(engagement=engagement, year=2025, summary="全年审查合同12份。", actor=officer)
    attachment = duty_report_attach(
        report=report,
        upload=SimpleUploadedFile("履职报告.pdf", pdf_bytes(), content_type="application/pdf"),
        actor=officer,
    )
    criteria = scheme_for_year(2025).criteria.all()
    assessment = assessment_save(
        engagement=engagement, year=2025, scores={c.pk: (Decimal("90"), Decimal("85")) for c in criteria}, actor=officer
    )
    work_report = work_report_submit(
        report=work_report_save(unit=unit, year=2025, summary="年度工作报告", actor=officer), actor=officer
    )
    inspection = UnitInspectionFactory(
        campaign=InspectionCampaignFactory(jurisdiction=unit.jurisdiction),  # the unit's own bureau inspects it
        unit=unit,
        inspected_on=dt.date(2025, 9, 10),
        contracts_checked=0,
        text_quality=62,
        procedure=80,
        risk_warning=75,
        performance=70,
        archives=88,
        findings="部分合同缺少保密条款。",
    )
    item = RectificationItemFactory(inspection=inspection, dimension="text_quality", description="补充保密条款")
    return {
        "engagement": engagement,
        "report": report,
        "attachment": attachment,
        "assessment": assessment,
        "work_report": work_report,
        "inspection": inspection,
        "item": item,
    }


# The roles the matrix tries, in the order its report lists them. officer_b is "another unit's officer":
# every object the matrix names belongs to unit A (officer_a's), a department of city A (株洲).
# The jurisdiction pairs: city_b_bureau is another city's bureau (长沙), county_bureau and county_finance
# work for a county under city A (醴陵), province for the province above both cities (湖南).
ROLES = [
    "anonymous",
    "bureau",
    "officer_a",
    "officer_b",
    "finance",
    "auditor",
    "adviser",
    "applicant",
    "evaluator",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "city_b_bureau",
    "county_bureau",
    "county_finance",
    "province",
]
JURISDICTION_ROLES = ("city_b_bureau", "county_bureau", "county_finance", "province")


@dataclass
class World:
    users: dict[str, object]
    a: dict[str, models.Model]  # unit A's objects by kind
    b: dict[str, models.Model]  # unit B's objects by kind
    shared: dict[str, models.Model] = field(default_factory=dict)  # objects of no unit (reference tables)

    def admin_object(self, model) -> models.Model | None:
        """Unit A's object of this model for the admin rows (or the shared one, or any row at all)."""
        label = model._meta.label_lower
        for objects in (self.a, self.shared):
            if label in objects:
                return objects[label]
        return model._default_manager.order_by("pk").first()


def _unit_records(unit, officer, adviser_name, suffix):
    # Kept by the registry of the unit's jurisdiction (city A's), as its bureau's admin would.
    engagement = EngagementFactory(unit=unit, adviser__name=adviser_name, adviser__jurisdiction=unit.jurisdiction)
    adviser = engagement.adviser
    opinion = OpinionFactory(adviser=adviser, unit=unit)
    lecture = LectureFactory(speaker=adviser, unit=unit)
    contract = ContractFactory(adviser=adviser, unit=unit, engagement=engagement, number=f"HT-MATRIX-{suffix}")
    contract_services.contract_attach_file(
        actor=officer,
        contract=contract,
        upload=SimpleUploadedFile("合同.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    round_ = adviser_services.round_open(
        actor=officer,
        unit=unit,
        title=f"{unit.name}法律顾问续聘",
        role="unit_adviser",
        selection_method="public_selection",
        opened_on=dt.date(2026, 10, 1),
        new_term_start=dt.date(2027, 1, 1),
        new_term_end=dt.date(2029, 12, 31),
    )
    # A case against the unit, and an engagement it holds for the bureau's decision (its one finding).
    dispute = adviser_services.dispute_save(
        actor=officer,
        unit=unit,
        case_number=f"（2026）矩阵{suffix}号",
        forum="株洲市中级人民法院",
        counterparty=f"矩阵对方当事人{suffix}",
        counterparty_lawyer=f"矩阵冲突律师{suffix}",
        filed_on=dt.date(2026, 6, 1),
    )
    conflicted = adviser_services.engagement_save(
        actor=officer,
        adviser=AdviserFactory(name=f"矩阵冲突律师{suffix}", jurisdiction=unit.jurisdiction),
        unit=unit,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    participation = InspectionParticipation.objects.create(
        adviser=adviser, unit=unit, year=2025, date=dt.date(2025, 9, 10), description="参与合同清查"
    )
    request = factories.draft(officer, year=2026, title=f"{unit.name}2026年度法律服务经费预算")
    settlement = Settlement.objects.create(
        engagement=engagement,
        unit=unit,
        year=2025,
        approved_amount=Decimal("20000.00"),
        grade="excellent",
        coefficient=Decimal("1.00"),
        amount=Decimal("20000.00"),
        prepared_by=officer,
    )
    records = unit_records(engagement, officer)
    job = ReportJob.objects.create(requested_by=officer, kind="matrix", status=ReportJob.Status.DONE, progress=100)
    job.file.save("matrix.pdf", ContentFile(pdf_bytes()), save=True)
    notice = Notice.objects.create(recipient=officer, kind="matrix", title="矩阵测试通知")
    objects = {
        "unit": unit,
        "engagement": engagement,
        "adviser": adviser,
        "opinion": opinion,
        "lecture": lecture,
        "contract": contract,
        "finding": ContractFinding.objects.create(contract=contract, rule="missing_clauses", message="缺少条款"),
        "round": round_,
        "dispute": dispute,
        "conflict": conflicted.conflict_findings.get(),
        "candidate": ReselectionCandidate.objects.filter(round=round_).first()
        or ReselectionCandidate.objects.create(round=round_, adviser=adviser),
        "participation": participation,
        "budget": request,
        "budget_line": request.lines.first(),
        "budget_event": request.events.first(),
        "settlement": settlement,
        "duty_report": records["report"],
        "attachment": records["attachment"],
        "assessment": records["assessment"],
        "score": records["assessment"].scores.first(),
        "work_report": records["work_report"],
        "inspection": records["inspection"],
        "rectification": records["item"],
        "job": job,
        "notice": notice,
        "officer": officer,
    }
    # Also by model label, for the admin rows.
    for obj in list(objects.values()):
        objects.setdefault(obj._meta.label_lower, obj)
    return objects


def _selection_records(round_, applicant) -> dict[str, models.Model]:
    """Unit A's round's public notice and the applicant's submitted application, with its PDFs and a declaration."""
    notice = factories.selection_notice(round_, title="市住房和城乡建设局法律顾问遴选公告")
    application = factories.with_documents(factories.application_draft(notice, applicant))
    declaration = selection_services.conflict_declare(
        actor=applicant, application=application, kind="relative", description="配偶在该单位工作"
    )
    application = selection_services.application_submit(actor=applicant, application=application, confirmed=True)
    objects = {
        "selection_notice": notice,
        "application": application,
        "application_document": application.documents.first(),
        "conflict_declaration": declaration,
    }
    for obj in list(objects.values()):
        objects.setdefault(obj._meta.label_lower, obj)
    return objects


def _panel_records(unit, bureau, evaluator) -> dict[str, models.Model]:
    """Unit A's second round (advisory group members) taken through the panel's half: a panel with the world's
    evaluator, an applicant found eligible and scored, the 公示 ten days ago with an objection dismissed, and the
    appointment with its letter."""
    notice = factories.closed_notice(bureau, unit, role="group_member", title="市住房和城乡建设局咨询专家遴选公告")
    factories.selection_panel(bureau, notice, [evaluator])
    (application,) = factories.eligible_applications(bureau, notice, "马建国")
    factories.scored(evaluator, application, 80, 80, 80)
    started = timezone.localdate() - dt.timedelta(days=10)
    panel_services.publicity_publish(
        actor=bureau, notice=notice, application_ids=[application.pk], starts_on=started, today=started
    )
    notice.refresh_from_db()
    objection = panel_services.objection_file(
        notice=notice, name="王五", contact="13900001111", text="请核实。", today=started
    )
    panel_services.objection_answer(actor=bureau, objection=objection, upheld=False, answer="经核实，异议不成立。")
    (letter,) = panel_services.appointment_decide(
        actor=bureau, notice=notice, issuer_title="unit_head", signatory="王局长", prefix="株建聘"
    )
    return {
        "panel": notice.panel,
        "panel_application": application,
        "decided_notice": notice,
        "objection": objection,
        "appointment_letter": letter,
        "selection.panel": notice.panel,
        "selection.objection": objection,
        "selection.appointmentletter": letter,
    }


def _jurisdictions(city) -> dict[str, object]:
    """The province above city A (whose root it was), a second city beside it and a county under it, each
    with the accounts of the jurisdiction pairs."""
    province = Unit.objects.create(name="湖南省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    city.parent, city.kind = province, Unit.Kind.CITY_GOV
    city.save()
    city_b = Unit.objects.create(name="长沙市人民政府", parent=province, kind=Unit.Kind.CITY_GOV)
    county = Unit.objects.create(name="醴陵市人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)

    def office(name, parent, level=Unit.Level.CITY):
        return Unit.objects.create(name=name, parent=parent, level=level)

    return {
        "city_b_bureau": make_user("city_b_bureau", Role.BUREAU, office("长沙市司法局", city_b)),
        "county_bureau": make_user("county_bureau", Role.BUREAU, office("醴陵市司法局", county, Unit.Level.COUNTY)),
        "county_finance": make_user("county_finance", Role.FINANCE, office("醴陵市财政局", county, Unit.Level.COUNTY)),
        "province": make_user("province", Role.BUREAU, office("湖南省司法厅", province, Unit.Level.PROVINCE)),
    }


def build_world(city) -> World:
    jurisdiction_users = _jurisdictions(city)
    unit_a = Unit.objects.create(name="市住房和城乡建设局", parent=city, is_budget_unit=True)
    unit_b = Unit.objects.create(name="市交通运输局", parent=city, is_budget_unit=True)
    officer_a = make_user("officer_a", Role.OFFICER, unit_a)
    officer_b = make_user("officer_b", Role.OFFICER, unit_b)
    bureau = make_user("bureau", Role.BUREAU, city)
    a = _unit_records(unit_a, officer_a, "唐立新", "A")
    b = _unit_records(unit_b, officer_b, "贺振华", "B")
    applicant = make_user("applicant", Role.APPLICANT, None, email="applicant@example.cn")
    a.update(_selection_records(a["round"], applicant))
    users = {
        "anonymous": None,
        "bureau": bureau,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "finance": make_user("finance", Role.FINANCE, city),
        "auditor": make_user("auditor", Role.AUDITOR, city),
        "adviser": make_user("adviser", Role.ADVISER, None, adviser=a["adviser"]),
        "applicant": applicant,
        "evaluator": make_user("evaluator", Role.EVALUATOR, None, email="evaluator@example.cn", last_name="谭"),
        "sysadmin": make_user("sysadmin", Role.SYSTEM_ADMIN, None),
        "secadmin": make_user("secadmin", Role.SECURITY_ADMIN, None),
        "auditadmin": make_user("auditadmin", Role.AUDIT_ADMIN, None),
        **jurisdiction_users,
    }
    a["accounts.user"], b["accounts.user"] = officer_a, officer_b
    a.update(_panel_records(unit_a, bureau, users["evaluator"]))
    # City A's own rows of every jurisdiction-owned kind (the province above keeps its defaults).
    own = city.jurisdiction
    meeting_attendance = AttendanceFactory(adviser=a["adviser"], meeting__jurisdiction=own)
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    shared = {
        "advisers.executivemeeting": meeting_attendance.meeting,
        "advisers.meetingattendance": meeting_attendance,
        "advisers.advisersettings": AdviserSettings.objects.get_or_create(jurisdiction=own)[0],
        "contracts.procurementband": ProcurementBand.objects.filter(jurisdiction=own).order_by("pk").first()
        or ProcurementBand.objects.create(jurisdiction=own, method="public_tender", min_amount=Decimal("1000000")),
        "contracts.contractrulesettings": ContractRuleSettings.objects.get_or_create(jurisdiction=own)[0],
        "budgets.feestandard": FeeStandard.objects.get_or_create(
            jurisdiction=own, year=2027, item_type="lecture", defaults={"unit_price": Decimal("2000"), "measure": "场"}
        )[0],
        "budgets.gradecoefficient": GradeCoefficient.objects.get_or_create(
            jurisdiction=own, grade="excellent", defaults={"coefficient": Decimal("1.00")}
        )[0],
        "reviews.assessmentscheme": AssessmentScheme.objects.get(year=2025),
        "reviews.assessmentcriterion": AssessmentScheme.objects.get(year=2025).criteria.order_by("pk").first(),
        "reviews.vetoitem": VetoItem.objects.order_by("pk").first()
        or VetoItem.objects.create(code="matrix", name="矩阵否决项"),
        "reviews.inspectioncampaign": a["inspection"].campaign,
        "accounts.jurisdiction": city.jurisdiction,
        "reviews.reminderlog": ReminderLog.objects.create(
            recipient=officer_a, kind="report_due", day=dt.date(2025, 12, 1)
        ),
        # What unit A's officer did: the trail of city A's area (what the system did alone is the province's).
        "auditlog.logentry": LogEntry.objects.filter(actor=officer_a).order_by("pk").first(),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=officer_a, name="matrix", confirmed=True),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="locked_out_user",
            ip_address="10.0.0.1",
            user_agent="matrix",
            failures_since_start=1,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/login/",
        ),
        "auth.group": Group.objects.create(name="matrix"),
        "django_celery_beat.intervalschedule": interval,
        "django_celery_beat.crontabschedule": CrontabSchedule.objects.create(minute="0", hour="3"),
        "django_celery_beat.solarschedule": SolarSchedule.objects.create(
            event="sunrise", latitude=Decimal("27.83"), longitude=Decimal("113.15")
        ),
        "django_celery_beat.clockedschedule": ClockedSchedule.objects.create(
            clocked_time=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        ),
        "django_celery_beat.periodictask": PeriodicTask.objects.create(
            name="matrix", task="reviews.tasks.send_reminders", interval=interval
        ),
    }
    return World(users=users, a=a, b=b, shared=shared)


def matrix_world() -> World:
    """build_world on a city of its own: 株洲市人民政府 with unit A (市住房和城乡建设局) and unit B (市交通运输局)."""
    city = Unit.objects.create(name="株洲市人民政府", kind=Unit.Kind.CITY_GOV, level=Unit.Level.CITY)
    return build_world(city)  # puts the province above it


# -- Report-sized data -------------------------------------------------------------------------------


def budget_units(city, n, *, bureau, finance, first=0):
    """`n` budget units under `city`, each with its approved fees of 2024 (100,000) and 2025 (75,000)."""
    units = []
    for i in range(first, first + n):
        unit = Unit.objects.create(name=f"市第{i:03d}预算单位", parent=city, is_budget_unit=True)
        for year, amount in ((2024, Decimal(100000)), (2025, Decimal(75000))):
            request = BudgetRequestFactory(
                unit=unit, year=year, requested_amount=amount, reviewed_by=bureau, approved_by=finance
            )
            BudgetLineFactory(request=request)
        units.append(unit)
    return units


def advisers_at(unit, n, *, names=None):
    """`n` advisers engaged by the unit, each with an adopted and a rejected opinion, a lecture, an attendance
    at one meeting and a draft duty report for 2025."""
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
        duty_report_save(engagement=engagement, year=2025, summary="", actor=None)
        engagements.append(engagement)
    return engagements


def adviser_with_finding(unit):
    """An adviser engaged by the unit, with a contract that has an open finding."""
    engagement = EngagementFactory(unit=unit, adviser__name=f"{unit.name}的顾问")
    contract = ContractFactory(unit=unit, adviser=engagement.adviser, engagement=engagement)
    ContractFinding.objects.create(contract=contract, rule=Rule.values[0], message="缺少必备条款")


def jurisdiction_tree():
    """湖南省 → 株洲市 (one department) → 醴陵市 (one department), each with an adviser in force, an open
    finding and approved fees (100,000 yuan in 2024, 75,000 in 2025 per unit). Returns (users, governments)."""
    province = Unit.objects.create(name="湖南省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    city = Unit.objects.create(name="株洲市人民政府", kind=Unit.Kind.CITY_GOV, parent=province)
    county = Unit.objects.create(name="醴陵市人民政府", kind=Unit.Kind.COUNTY_GOV, parent=city, level=Unit.Level.COUNTY)
    users = {
        "province": make_user("province", Role.BUREAU, province),
        "bureau": make_user("bureau", Role.BUREAU, city),
        "finance": make_user("finance", Role.FINANCE, city),
        "liling": make_user("liling", Role.BUREAU, county),
        "liling_finance": make_user("liling_finance", Role.FINANCE, county),
    }
    city_unit = budget_units(city, 1, bureau=users["bureau"], finance=users["finance"])[0]
    county_unit = budget_units(county, 1, bureau=users["liling"], finance=users["liling_finance"], first=1)[0]
    for unit in (city_unit, county_unit):
        adviser_with_finding(unit)
    return users, {"province": province, "city": city, "county": county}


def inspection_of(unit, *, items=2, year=2025):
    """The top level's inspection of the unit in `year`, with `items` rectification items."""
    inspection = UnitInspectionFactory(unit=unit, campaign__year=year)
    for i in range(items):
        RectificationItemFactory(inspection=inspection, description=f"建立合同档案台账第{i + 1}项")
    return inspection


def work_report_of(unit, *, year=2025, summary="全年组织法律顾问参与合法性审查。"):
    return UnitWorkReportFactory(unit=unit, year=year, summary=summary)
