"""The panel's half of the demo: a panel of five on the open city notice with some scores in, and one finished
round of a unit (市教育局) — reviewed, scored, announced, one objection dismissed, appointed with its letters — so
that a first start shows the whole flow. Every person is fictional.

Everything goes through selection.panel.services (dated with their `today=` where a step happened in the
past); idempotent: a panel, a sheet, a notice already there is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.demo import CITY
from accounts.models import Unit, User
from accounts.roles import Role
from advisers import services as advisers_services
from advisers.models import Engagement, SelectionMethod
from selection.models import ApplicantKind, Application, Criterion, Panel, ScoreSheet, SelectionNotice

from . import services

BEIJING = ZoneInfo("Asia/Shanghai")
CRITERIA = [
    ("专业能力与业务水平", Decimal("40")),
    ("执业经历与工作业绩", Decimal("30")),
    ("服务方案与履职承诺", Decimal("20")),
    ("职业操守与社会评价", Decimal("10")),
]
# Outside experts beside the `evaluator` account (selection.demo); they cannot sign in (no usable password).
EXPERTS = [("panel_expert1", "罗", "启明"), ("panel_expert2", "蒋", "慧芳"), ("panel_expert3", "毛", "振宇")]
UNIT = "市教育局"
UNIT_TITLE = "市教育局法律顾问选聘公告"
UNIT_APPLICANTS = [  # name, kind, firm, licence number
    ("潘立诚", ApplicantKind.LAWYER, "湖南天元律师事务所", "14302201811000101"),
    ("韦思远", ApplicantKind.LAWYER, "湖南金州律师事务所", "14302201611000102"),
    ("符晓燕", ApplicantKind.LAWYER, "湖南炎帝律师事务所", "14302201911000103"),
]


def _expert(username, last, first) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": Role.EVALUATOR, "last_name": last, "first_name": first, "is_active": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _panel(notice, bureau, members) -> Panel:
    panel = Panel.objects.filter(notice=notice).first()
    if panel is not None:
        return panel
    for member in members:
        services.panel_member_add(actor=bureau, notice=notice, user=member)
    for order, (name, weight) in enumerate(CRITERIA):
        services.criterion_add(actor=bureau, notice=notice, name=name, weight=weight, order=order)
    return Panel.objects.get(notice=notice)


def _score(member_user, application, base: int, *, submit: bool = True) -> None:
    if ScoreSheet.objects.filter(member__user=member_user, application=application).exists():
        return
    sheet = services.sheet_declare(actor=member_user, application=application, conflict=False)
    criteria = Criterion.objects.filter(panel__notice=application.notice).order_by("order", "pk")
    values = {c.pk: Decimal(min(100, base + (i * 3 + application.pk) % 7)) for i, c in enumerate(criteria)}
    services.sheet_score(actor=member_user, sheet=sheet, values=values, submit=submit)


def _city_panel(bureau) -> None:
    notice = SelectionNotice.objects.filter(round__unit__name=CITY, round__role=Engagement.Role.CITY_ADVISER).first()
    if notice is None:
        return
    evaluator = User.objects.get(username="evaluator")
    experts = [_expert(*row) for row in EXPERTS]
    _panel(notice, bureau, [evaluator, bureau, *experts])
    eligible = list(notice.applications.filter(state=Application.State.ELIGIBLE).order_by("name", "pk"))
    # Some scores in: the three outside experts have scored the first six, the bureau's member the first three,
    # and `evaluator` has submitted two, saved a third without submitting, and has the rest before them.
    for n, application in enumerate(eligible[:6]):
        for k, expert in enumerate(experts):
            _score(expert, application, 78 + (n * 5 + k * 3) % 15)
        if n < 3:
            _score(bureau, application, 80 + n)
    for n, application in enumerate(eligible[:3]):
        _score(evaluator, application, 84 - n * 2, submit=n < 2)


def _unit_round(bureau) -> None:
    """A unit's round from its notice to its letters, its steps dated in the past weeks."""
    if SelectionNotice.objects.filter(title=UNIT_TITLE).exists():
        return
    unit = Unit.objects.get(name=UNIT)
    today = timezone.localdate()
    opened = today - dt.timedelta(days=75)
    round_ = advisers_services.round_open(
        actor=bureau,
        unit=unit,
        title=UNIT_TITLE,
        role=Engagement.Role.UNIT_ADVISER,
        selection_method=SelectionMethod.PUBLIC_SELECTION,
        opened_on=opened,
        new_term_start=dt.date(today.year + 1, 1, 1),
        new_term_end=dt.date(today.year + 3, 12, 31),
    )
    opens_at = dt.datetime.combine(opened, dt.time(9), tzinfo=BEIJING)
    notice = SelectionNotice.objects.create(
        round=round_,
        title=UNIT_TITLE,
        body="市教育局面向社会公开选聘常年法律顾问2名。",
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=20, hours=8),
        publicity_days=5,
        state=SelectionNotice.State.PUBLISHED,
        published_at=opens_at,
        created_by=bureau,
    )
    applications = []
    for n, (name, kind, firm, licence) in enumerate(UNIT_APPLICANTS, start=1):
        user, created = User.objects.get_or_create(
            username=f"jy_applicant{n}",
            defaults={"role": Role.APPLICANT, "email": f"jy_applicant{n}@example.cn", "last_name": name[:1]},
        )
        if created:
            user.first_name = name[1:]
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        application = Application.objects.create(
            notice=notice,
            applicant=user,
            kind=kind,
            name=name,
            licence_no=licence,
            firm=firm,
            years_of_practice=8 + n,
            specialties="教育行政、合同审查",
            state=Application.State.SUBMITTED,
            submitted_at=opens_at + dt.timedelta(days=n),
            declaration_confirmed=True,
        )
        applications.append(services.application_review(actor=bureau, application=application, eligible=True))
    experts = [User.objects.get(username="evaluator"), *(_expert(*row) for row in EXPERTS)]
    _panel(notice, bureau, experts)
    for n, application in enumerate(applications):
        for k, expert in enumerate(experts):
            _score(expert, application, 90 - n * 6 + k % 3)
    starts_on = today - dt.timedelta(days=30)
    services.publicity_publish(
        actor=bureau,
        notice=notice,
        application_ids=[a.pk for a in applications[:2]],
        starts_on=starts_on,
        today=starts_on,
    )
    notice.refresh_from_db()
    objection = services.objection_file(
        notice=notice,
        name="匿名群众",
        contact="13973300000",
        text="拟聘人员潘立诚曾代理针对教育系统的诉讼，请核实。",
        concerning=notice.proposed.order_by("rank").first(),
        today=starts_on + dt.timedelta(days=1),
    )
    services.objection_answer(
        actor=bureau,
        objection=objection,
        upheld=False,
        answer="经核实，相关案件已于三年前结案，且不涉及市教育局，不构成利益冲突，异议不成立。",
    )
    decided_on = starts_on + dt.timedelta(days=7)
    services.appointment_decide(
        actor=bureau,
        notice=notice,
        issuer_title="unit_head",
        signatory="何卫东",
        prefix="株教聘",
        issued_on=decided_on,
        today=decided_on,
    )


def seed(stdout=None):
    bureau = User.objects.get(username="bureau")
    _city_panel(bureau)
    _unit_round(bureau)
    if stdout is not None:
        stdout.write("  panel of five on the city notice, 市教育局's round appointed with its letters")
