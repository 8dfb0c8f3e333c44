"""One factory per model the tests build, and the helpers that take a record through its services.

Defaults make valid rows under the same rules the services apply (constraints, `full_clean`): an adviser
kept by the top jurisdiction's registry, an engagement in force for 2024–2026, a budget request drafted,
submitted, reviewed and approved through `budgets.services`.
"""

import datetime as dt
import io
import itertools
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from accounts.jurisdictions import top_of
from accounts.models import Jurisdiction, Unit, User
from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import Adviser, Engagement, ExecutiveMeeting, Lecture, LegalOpinion, MeetingAttendance
from budgets import services as budget_services
from budgets.models import BudgetLine, BudgetRequest, FeeStandard, ItemType
from contracts.models import ServiceContract
from reviews.models import InspectionCampaign, RectificationItem, UnitInspection, UnitWorkReport
from selection import services as selection_services
from selection.models import Application, Criterion, SelectionNotice
from selection.panel import services as panel_services

PASSWORD = "correct-Horse-battery-9"

# -- Accounts ------------------------------------------------------------------------------------------


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"市第{n:03d}局")
    level = Unit.Level.CITY


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in with PASSWORD; staff (admin access) where the role works in the admin."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n:03d}")
    role = Role.OFFICER
    is_staff = factory.LazyAttribute(lambda o: o.role in (Role.BUREAU, Role.AUDITOR, Role.OFFICER))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(PASSWORD)
        user.save()
        return user


def make_user(username, role, unit=None, **extra):
    """A user as a request loads it (accounts.backends): with its unit and jurisdiction."""
    user = UserFactory(username=username, role=role, unit=unit, **extra)
    return User.objects.select_related("unit__jurisdiction").get(pk=user.pk)


# -- Advisers ------------------------------------------------------------------------------------------


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Kept by the top jurisdiction's registry (the test city), as the admin would for its bureau.
        kwargs.setdefault("jurisdiction", Jurisdiction.objects.filter(parent__isnull=True).first())
        return super()._create(model_class, *args, **kwargs)

    name = factory.Sequence(lambda n: f"顾问{n:03d}")
    category = Adviser.Category.LAWYER
    licence_no = factory.Sequence(lambda n: f"1430220101{n:07d}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    affiliation = "湖南某某律师事务所"


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    adviser = factory.SubFactory(AdviserFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = dt.date(2026, 12, 31)
    selection_completed_on = dt.date(2023, 12, 1)
    status = Engagement.Status.ACTIVE
    # A dismissed engagement records its dismissal date (the `engagement_dismissal_has_date` constraint).
    dismissed_on = factory.LazyAttribute(
        lambda o: dt.date(2025, 6, 30) if o.status == Engagement.Status.DISMISSED else None
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExecutiveMeeting

    jurisdiction = factory.LazyFunction(lambda: top_of(None))
    session_number = factory.Sequence(lambda n: n + 1)
    date = dt.date(2025, 6, 3)
    topics = "城市更新项目实施方案"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    adviser = factory.SubFactory(AdviserFactory)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalOpinion

    adviser = factory.SubFactory(AdviserFactory)
    date = dt.date(2025, 6, 3)
    matter_type = LegalOpinion.MatterType.CONTRACT
    subject = factory.Sequence(lambda n: f"合同审查意见{n}")


class LectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecture

    speaker = factory.SubFactory(AdviserFactory)
    date = dt.date(2025, 6, 3)
    topic = "民法典与政府合同管理"


def open_round(officer, unit):
    """A unit's re-selection round for the 2026–2028 term, opened by its officer on 1 November 2025."""
    from advisers import services

    return services.round_open(
        actor=officer,
        unit=unit,
        title="2026年法律顾问换届遴选",
        role=Engagement.Role.UNIT_ADVISER,
        selection_method="public_selection",
        opened_on=dt.date(2025, 11, 1),
        new_term_start=dt.date(2026, 1, 1),
        new_term_end=dt.date(2028, 12, 31),
    )


# -- Contracts -----------------------------------------------------------------------------------------


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContract

    adviser = factory.SubFactory(AdviserFactory)
    number = factory.Sequence(lambda n: f"HT-{n:04d}")
    signed_on = dt.date(2024, 1, 5)
    start_date = dt.date(2024, 1, 10)
    end_date = dt.date(2025, 12, 31)
    amount = Decimal("120000.00")
    procurement_method = "competitive_consultation"
    clause_scope = clause_fees = clause_term = clause_confidentiality = True
    clause_conflict = clause_liability = clause_assessment = clause_termination = True


def pdf_bytes(pages: int = 1) -> bytes:
    """A valid blank A4 PDF: what the upload checks accept."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- Budgets: requests in any workflow state, through the services ---------------------------------------

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
    return [budget_services.LineData(item_type=t, quarter=q, quantity=Decimal(n), **extra) for t, q, n in spec]


def draft(officer, *, year=2025, spec=LINES, title="2025年度法律服务经费预算"):
    fee_standards(year)
    return budget_services.budget_request_create(
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
    return budget_services.budget_request_submit(request=draft(officer, **kwargs), actor=officer)


def reviewed(officer, bureau, ratio="0.9", **kwargs):
    request = submitted(officer, **kwargs)
    return budget_services.budget_request_review(
        request=request, actor=bureau, line_amounts=amounts(request, ratio=ratio), comment="基本合理"
    )


def approved(officer, bureau, finance, ratio="0.9", **kwargs):
    request = reviewed(officer, bureau, ratio=ratio, **kwargs)
    return budget_services.budget_request_approve(
        request=request, actor=finance, line_amounts=amounts(request, "recommended_amount")
    )


def funding(officer, bureau, finance, *engagements, year=2025, months=12, ratio="0.9"):
    """An approved request of the engagements' unit with one counsel line per engagement (months × 5,000,
    recommended and approved at `ratio`: 54,000.00 by default) that funds it in `year`: what a settlement
    settles."""
    fee_standards(year)
    request = budget_services.budget_request_create(
        actor=officer,
        year=year,
        title=f"{year}年度法律服务经费预算",
        justification="按工作量测算",
        previous_year_amount=Decimal("0"),
        lines=[
            budget_services.LineData(
                item_type=ItemType.STANDING_COUNSEL, quarter=1, quantity=Decimal(months), engagement=engagement
            )
            for engagement in engagements
        ],
    )
    request = budget_services.budget_request_submit(request=request, actor=officer)
    request = budget_services.budget_request_review(
        request=request, actor=bureau, line_amounts=amounts(request, ratio=ratio), comment=""
    )
    return budget_services.budget_request_approve(
        request=request, actor=finance, line_amounts=amounts(request, "recommended_amount")
    )


def bulk(unit, count, *, status=BudgetRequest.Status.REVIEWED, year=2026, reviewer=None):
    """`count` requests with two lines each, written directly: the query-count tests need many rows, and
    taking each through the services would cost seconds without changing what the page queries."""
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


class BudgetRequestFactory(factory.django.DjangoModelFactory):
    """An approved request, as the workflow leaves it (reviewed by `reviewed_by`, approved by `approved_by`):
    for the reports, which read many of them. Requests that go through the workflow: `draft` … `approved`."""

    class Meta:
        model = BudgetRequest

    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.year}年度法律服务经费预算")
    justification = "按工作量测算"
    status = BudgetRequest.Status.APPROVED
    requested_amount = Decimal("100000")
    recommended_amount = factory.SelfAttribute("requested_amount")
    approved_amount = factory.SelfAttribute("requested_amount")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    """A line of standing counsel whose amounts are its request's (one line per request)."""

    class Meta:
        model = BudgetLine

    item_type = ItemType.STANDING_COUNSEL
    quarter = 1
    quantity = 1
    unit_price = factory.SelfAttribute("request.requested_amount")
    amount = factory.SelfAttribute("request.requested_amount")
    recommended_amount = factory.SelfAttribute("request.recommended_amount")
    approved_amount = factory.SelfAttribute("request.approved_amount")


# -- Reviews -------------------------------------------------------------------------------------------


class InspectionCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionCampaign
        django_get_or_create = ("jurisdiction", "year")

    jurisdiction = factory.LazyFunction(lambda: top_of(None))
    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.year}年度全市政府合同专项清查")
    started_on = factory.LazyAttribute(lambda o: dt.date(o.year, 9, 1))


class UnitInspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitInspection

    campaign = factory.SubFactory(InspectionCampaignFactory)
    inspected_on = factory.LazyAttribute(lambda o: dt.date(o.campaign.year, 9, 12))
    contracts_checked = 17
    text_quality = 66
    procedure = 81
    risk_warning = 74
    performance = 88
    archives = 59
    findings = "部分合同缺少违约责任条款。\n合同档案未按年度归档。"


class RectificationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationItem

    inspection = factory.SubFactory(UnitInspectionFactory)
    dimension = "archives"
    description = "建立合同档案台账"
    due_date = factory.LazyAttribute(lambda o: dt.date(o.inspection.campaign.year + 1, 3, 31))


class UnitWorkReportFactory(factory.django.DjangoModelFactory):
    """A unit's annual work report with the figures it states (work_report_save fills them from records)."""

    class Meta:
        model = UnitWorkReport

    year = 2025
    summary = "全年组织法律顾问参与合法性审查。"
    opinions = 12
    opinions_adopted = 10
    opinions_not_adopted = 2
    lectures = 3
    engagements = 4


# -- Selection: notices and applications (selection/), through its services ----------------------------


def city_round(city, *, actor=None):
    """The city government's re-selection round for its advisers' 2026–2028 term."""
    from advisers import services

    return services.round_open(
        actor=actor,
        unit=city,
        title="第二届市政府法律顾问换届遴选",
        role=Engagement.Role.CITY_ADVISER,
        selection_method="public_selection",
        opened_on=dt.date(2025, 11, 1),
        new_term_start=dt.date(2026, 1, 1),
        new_term_end=dt.date(2028, 12, 31),
    )


def selection_notice(round_, *, opens_at=None, closes_at=None, publish=True, positions=None, **fields):
    """A notice for `round_`, published, taking applications from yesterday for thirty days unless told."""
    now = timezone.now()
    notice = selection_services.notice_save(
        actor=None,
        round=round_,
        positions=positions or {"scholar": 4, "lawyer": 8},
        title=fields.pop("title", "2026年法律顾问遴选公告"),
        body=fields.pop("body", "现公开遴选法律顾问，欢迎符合条件的律师和法学专家报名。"),
        opens_at=opens_at or now - dt.timedelta(days=1),
        closes_at=closes_at or now + dt.timedelta(days=30),
        **fields,
    )
    if publish:
        if notice.is_past_deadline(now):  # a window already over: published as it was, as if earlier
            notice.state, notice.published_at = "published", notice.opens_at
            notice.save()
        else:
            notice = selection_services.notice_publish(actor=None, notice=notice)
    return notice


def applicant_user(username="applicant", **extra):
    """A confirmed applicant's account."""
    extra.setdefault("email", f"{username}@example.cn")
    return make_user(username, Role.APPLICANT, None, **extra)


APPLICATION_DATA = {
    "kind": "lawyer",
    "name": "周明轩",
    "licence_no": "14302201210123456",
    "firm": "湖南湘楚律师事务所",
    "years_of_practice": 12,
    "specialties": "行政法",
    "phone": "13907330001",
    "email": "zhou@example.cn",
    "disciplinary_record": "",
}


def application_draft(notice, user, **fields):
    return selection_services.application_start(actor=user, notice=notice, **{**APPLICATION_DATA, **fields})


def with_documents(application, kinds=("licence", "cv", "commitment")):
    for kind in kinds:
        upload = SimpleUploadedFile(f"{kind}.pdf", pdf_bytes(), content_type="application/pdf")
        selection_services.application_attach(
            actor=application.applicant, application=application, kind=kind, upload=upload
        )
    return application


def submitted_application(notice, user, **fields):
    """A draft with the three PDFs, submitted now."""
    application = with_documents(application_draft(notice, user, **fields))
    return selection_services.application_submit(actor=user, application=application, confirmed=True)


# -- Selection: the panel's half (selection/panel) ------------------------------------------------------

_applicants = itertools.count(1)
SELECTION_CRITERIA = (("专业能力", Decimal("50")), ("从业经历", Decimal("30")), ("服务方案", Decimal("20")))


def closed_notice(actor, unit, *, publicity_days=5, role=Engagement.Role.CITY_ADVISER, title="法律顾问换届遴选公告"):
    """A published notice of `unit`'s round for next year's three-year term, its application window closed
    yesterday (so the panel's steps may begin)."""
    today = timezone.localdate()
    round_ = adviser_services.round_open(
        actor=actor,
        unit=unit,
        title=title,
        role=role,
        selection_method="public_selection",
        opened_on=today - dt.timedelta(days=40),
        new_term_start=dt.date(today.year + 1, 1, 1),
        new_term_end=dt.date(today.year + 3, 12, 31),
    )
    opens_at = timezone.now() - dt.timedelta(days=30)
    return SelectionNotice.objects.create(
        round=round_,
        title=title,
        body="公开遴选法律顾问。",
        opens_at=opens_at,
        closes_at=timezone.now() - dt.timedelta(days=1),
        publicity_days=publicity_days,
        state=SelectionNotice.State.PUBLISHED,
        published_at=opens_at,
    )


def selection_application(notice, name, *, kind="lawyer", licence_no=None, adviser=None, **fields):
    """A submitted application by a new applicant account (a lawyer with a licence number by default)."""
    n = next(_applicants)
    applicant = UserFactory(username=f"applicant{n:04d}", role=Role.APPLICANT, email=f"applicant{n}@example.cn")
    if licence_no is None:
        licence_no = f"1430220199{n:07d}" if kind == "lawyer" else ""
    return Application.objects.create(
        notice=notice,
        applicant=applicant,
        kind=kind,
        name=name,
        licence_no=licence_no,
        firm="湖南某某律师事务所",
        years_of_practice=10,
        adviser=adviser,
        state=Application.State.SUBMITTED,
        submitted_at=notice.closes_at - dt.timedelta(days=2),
        declaration_confirmed=True,
        **fields,
    )


def eligible_applications(bureau, notice, *applicants):
    """Applications that passed the eligibility review (each a candidate of the notice's round): a name, or an
    adviser of the registry (an incumbent) applying again."""
    reviewed = []
    for applicant in applicants:
        if isinstance(applicant, Adviser):
            application = selection_application(
                notice, applicant.name, licence_no=applicant.licence_no, adviser=applicant
            )
        else:
            application = selection_application(notice, applicant)
        reviewed.append(panel_services.application_review(actor=bureau, application=application, eligible=True))
    return reviewed


def selection_panel(bureau, notice, evaluators, *, criteria=SELECTION_CRITERIA, **settings):
    """The notice's panel with these evaluators and criteria (weights adding up to 100)."""
    if settings:
        panel_services.panel_settings(actor=bureau, notice=notice, **settings)
    for evaluator in evaluators:
        panel_services.panel_member_add(actor=bureau, notice=notice, user=evaluator)
    for order, (name, weight) in enumerate(criteria):
        panel_services.criterion_add(actor=bureau, notice=notice, name=name, weight=weight, order=order)
    return notice.panel


def scored(evaluator, application, *scores, submit=True):
    """The evaluator declares no conflict with the applicant and scores the criteria in their order."""
    sheet = panel_services.sheet_declare(actor=evaluator, application=application, conflict=False)
    criteria = Criterion.objects.filter(panel__notice=application.notice).order_by("order", "pk")
    values = {criterion.pk: Decimal(str(score)) for criterion, score in zip(criteria, scores, strict=True)}
    return panel_services.sheet_score(actor=evaluator, sheet=sheet, values=values, submit=submit)


def published_selection(bureau, unit, evaluators, *applicants, publicity_days=5, starts_on=None, **notice_fields):
    """A notice whose eligible applicants (names or advisers, scored in that order from 90 down) are proposed,
    announced from `starts_on` (today) for `publicity_days` days."""
    notice = closed_notice(bureau, unit, publicity_days=publicity_days, **notice_fields)
    selection_panel(bureau, notice, evaluators)
    applications = eligible_applications(bureau, notice, *applicants)
    for step, application in enumerate(applications):
        for evaluator in evaluators:
            scored(evaluator, application, 90 - step, 90 - step, 90 - step)
    panel_services.publicity_publish(
        actor=bureau,
        notice=notice,
        application_ids=[a.pk for a in applications],
        starts_on=starts_on or timezone.localdate(),
    )
    notice.refresh_from_db()
    return notice
