"""The 2026–2028 re-selection of the city government's advisers as an open public notice: the public face of the
round the advisers' demo opened (advisers.demo._seed_round), with applications in every state.

Every person is fictional. The notice's window is placed around the day of seeding, so that a first start shows
it taking applications. Idempotent: everything is looked up before it is made.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone
from pypdf import PdfWriter

from accounts.demo import CITY
from accounts.models import User
from accounts.roles import Role
from advisers.models import Engagement, ReselectionRound

from .models import (
    ApplicantKind,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    NoticePosition,
    SelectionNotice,
)

BEIJING = ZoneInfo("Asia/Shanghai")
TITLE = "株洲市人民政府第二届法律顾问（2026—2028年）遴选公告"
BODY = """为推进法治政府建设，充分发挥政府法律顾问在重大行政决策、规范性文件审查、重大合同审查等工作中的作用，\
根据《株洲市人民政府法律顾问工作规定》，市司法局组织开展第二届市人民政府法律顾问遴选工作。现将有关事项公告如下：

一、遴选名额：法学专家4名，执业律师8名，聘期自2026年1月1日至2028年12月31日。
二、报名方式：申请人在本系统注册账号，填写申请表，上传执业证、个人简历和承诺书（PDF），如实申报可能存在的利益冲突。
三、遴选程序：资格审查、专家评审、研究确定拟聘人选，并向社会公示。公示无异议的，由市人民政府颁发聘书。
四、首届法律顾问可以申请续聘，其履职情况和年度考核结果作为评审的重要依据。"""


# Accounts seed_demo prints with the others (they belong to no unit): username, role, who they are.
def demo_accounts() -> list[tuple[str, str, str]]:
    """The accounts that belong to no unit (an applicant, an outside expert), as seed_demo prints them."""
    return [
        ("applicant", Role.APPLICANT.label, "周明轩（律师，已提交申请）"),
        ("evaluator", Role.EVALUATOR.label, "谭志远（外部评审专家，湖南工业大学法学院教授）"),
    ]


# Newcomers (not in the registry): name, kind, firm, years, specialties, state, extra.
NEWCOMERS = [
    ("周明轩", ApplicantKind.LAWYER, "湖南湘楚律师事务所", 12, "行政法、政府合同", "submitted", {}),
    ("钱雨桐", ApplicantKind.LAWYER, "湖南芦淞律师事务所", 9, "建设工程、招投标", "submitted", {"conflict": True}),
    ("孙浩然", ApplicantKind.LAWYER, "湖南建宁律师事务所", 3, "民商事诉讼", "rejected", {}),
    ("吴静雯", ApplicantKind.SCHOLAR, "湘潭大学法学院（副教授）", 11, "行政诉讼法", "withdrawn", {}),
    ("郑博文", ApplicantKind.LAWYER, "湖南云龙律师事务所", 7, "国有资产、公司法", "draft", {}),
]
# How many of the round's incumbents applied again (their engagements are their history); the rest have not yet.
INCUMBENTS_APPLYING = 8
REJECTION = "执业年限不足公告要求的5年。"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def _account(username: str, email: str, role: str, last: str, first: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "email": email, "last_name": last, "first_name": first, "is_active": True},
    )
    if not user.check_password(settings.DEMO_PASSWORD):
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _sample_pdf() -> str:
    """One blank PDF that the demo's documents share (none of them can be deleted: only drafts' can)."""
    name = "selection/demo/sample.pdf"
    if not default_storage.exists(name):
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buffer = io.BytesIO()
        writer.write(buffer)
        default_storage.save(name, ContentFile(buffer.getvalue()))
    return name


def _documents(application: Application, sample: str) -> None:
    kinds = [ApplicationDocument.Kind.CV, ApplicationDocument.Kind.COMMITMENT]
    if application.kind != ApplicantKind.SCHOLAR:
        kinds.insert(0, ApplicationDocument.Kind.LICENCE)
    size = default_storage.size(sample)
    for kind in kinds:
        ApplicationDocument.objects.get_or_create(
            application=application,
            kind=kind,
            defaults={"file": sample, "original_name": f"{kind}.pdf", "size": size},
        )


def seed(stdout=None):
    city_round = ReselectionRound.objects.get(
        unit__name=CITY, role=Engagement.Role.CITY_ADVISER, new_term_start=dt.date(2026, 1, 1)
    )
    today = timezone.localdate()
    bureau = User.objects.get(username="bureau")
    notice = SelectionNotice.objects.filter(round=city_round).first()
    if notice is None:
        opens = _at(today - dt.timedelta(days=10), 9)
        notice = SelectionNotice.objects.create(
            round=city_round,
            title=TITLE,
            body=BODY,
            min_years_practice=5,
            clean_record_years=3,
            specialties="行政法、民商法、经济法",
            other_requirements="拥护中国共产党的领导，遵守宪法和法律，具有良好的职业道德和社会声誉。",
            opens_at=opens,
            closes_at=_at(today + dt.timedelta(days=20), 17),
            publicity_days=7,
            state=SelectionNotice.State.PUBLISHED,
            published_at=opens,
            created_by=bureau,
        )
    for kind, count in ((ApplicantKind.SCHOLAR, 4), (ApplicantKind.LAWYER, 8)):
        NoticePosition.objects.get_or_create(notice=notice, kind=kind, defaults={"count": count})
    # An outside expert for the panel (selection's panel module puts them on it).
    _account("evaluator", "evaluator@zhuzhou-legal.local", Role.EVALUATOR, "谭", "志远")
    sample = _sample_pdf()
    received = notice.opens_at + dt.timedelta(hours=3)

    # Incumbents and the round's two candidates from outside: eligible, linked to their candidacy.
    candidates = list(
        city_round.candidates.select_related("adviser", "incumbent").order_by("-incumbent", "adviser__name", "pk")
    )
    incumbents = [c for c in candidates if c.incumbent_id][:INCUMBENTS_APPLYING]
    others = [c for c in candidates if not c.incumbent_id]
    for n, candidate in enumerate(incumbents + others, start=1):
        adviser = candidate.adviser
        user = _account(f"sel{n:02d}", f"sel{n:02d}@example.cn", Role.APPLICANT, adviser.name[:1], adviser.name[1:])
        application, created = Application.objects.get_or_create(
            notice=notice,
            applicant=user,
            defaults={
                "kind": adviser.category,
                "name": adviser.name,
                "licence_no": adviser.licence_no,
                "firm": adviser.affiliation,
                "years_of_practice": 10 + n % 9,
                "specialties": adviser.specialties[:300],
                "phone": adviser.phone,
                "email": user.email,
                "declaration_confirmed": True,
                "state": Application.State.ELIGIBLE,
                "submitted_at": received + dt.timedelta(hours=n),
                "reviewed_at": received + dt.timedelta(days=1, hours=n),
                "reviewed_by": bureau,
                "adviser": adviser,
                "candidate": candidate,
            },
        )
        if created:
            _documents(application, sample)

    for n, (name, kind, firm, years, specialties, state, extra) in enumerate(NEWCOMERS, start=1):
        username = "applicant" if n == 1 else f"new{n:02d}"
        email = "applicant@zhuzhou-legal.local" if n == 1 else f"new{n:02d}@example.cn"
        user = _account(username, email, Role.APPLICANT, name[:1], name[1:])
        submitted = None if state == "draft" else received + dt.timedelta(days=2, hours=n)
        fields = {
            "kind": kind,
            "name": name,
            "licence_no": f"1430220{n:02d}1{n:07d}" if kind == ApplicantKind.LAWYER else "",
            "firm": firm,
            "years_of_practice": years,
            "specialties": specialties,
            "phone": f"1390733{n:04d}",
            "email": email,
            "state": state,
            "submitted_at": submitted,
            "declaration_confirmed": state != "draft",
        }
        if state == "rejected":
            fields.update(rejection_reason=REJECTION, reviewed_at=submitted + dt.timedelta(days=1), reviewed_by=bureau)
        if state == "withdrawn":
            fields["withdrawn_at"] = submitted + dt.timedelta(days=1)
        application, created = Application.objects.get_or_create(notice=notice, applicant=user, defaults=fields)
        if not created:
            continue
        if state != "draft":
            _documents(application, sample)
        if extra.get("conflict"):
            ConflictDeclaration.objects.create(
                application=application,
                kind=ConflictDeclaration.Kind.CASE_AGAINST,
                description="2024年代理某建筑公司诉市住房和城乡建设局建设工程施工合同纠纷一案，已于2025年6月审结。",
                counterparty="市住房和城乡建设局",
                case_number="（2024）湘0211民初1234号",
            )
    if stdout:
        counts = (
            Application.objects.filter(notice=notice).values_list("state").annotate(n=Count("pk")).order_by("state")
        )
        stdout.write(f"  selection notice: {notice.title}; applications: " + ", ".join(f"{s} {n}" for s, n in counts))
