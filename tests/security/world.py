"""The records the permission matrix tries every URL on: one object of each kind at unit A and at unit B,
one user per role, built with the apps' factories and services (tests/<app>/factories.py)."""

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
from advisers.models import AdviserSettings, InspectionParticipation, ReselectionCandidate
from budgets.models import FeeStandard, GradeCoefficient, Settlement
from contracts import services as contract_services
from contracts.models import ContractFinding, ContractRuleSettings, ProcurementBand
from reports.models import ReportJob
from reviews.models import AssessmentScheme, ReminderLog, VetoItem
from tests import factories as budget_factories
from tests.factories import (
    AttendanceFactory,
    ContractFactory,
    EngagementFactory,
    LectureFactory,
    OpinionFactory,
    make_user,
    pdf_bytes,
)
from tests.reviews import views_setup

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
    participation = InspectionParticipation.objects.create(
        adviser=adviser, unit=unit, year=2025, date=dt.date(2025, 9, 10), description="参与合同清查"
    )
    request = budget_factories.draft(officer, year=2026, title=f"{unit.name}2026年度法律服务经费预算")
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
    records = views_setup.build(engagement, officer)
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
    users = {
        "anonymous": None,
        "bureau": bureau,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "finance": make_user("finance", Role.FINANCE, city),
        "auditor": make_user("auditor", Role.AUDITOR, city),
        "adviser": make_user("adviser", Role.ADVISER, None, adviser=a["adviser"]),
        "sysadmin": make_user("sysadmin", Role.SYSTEM_ADMIN, None),
        "secadmin": make_user("secadmin", Role.SECURITY_ADMIN, None),
        "auditadmin": make_user("auditadmin", Role.AUDIT_ADMIN, None),
        **jurisdiction_users,
    }
    a["accounts.user"], b["accounts.user"] = officer_a, officer_b
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
