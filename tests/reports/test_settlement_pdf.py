"""The settlement sheet: one PDF per paying unit and year with the figures budgets.settlements computed
(approved × the grade's coefficient), the hand-entered grades with their reasons, the totals, and who
confirmed; asked of the Settlement policy like the other reports."""

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

import pytest
import time_machine

from accounts.models import Unit
from accounts.roles import Role
from budgets.settlements import settlement_confirm, settlement_prepare
from reports.specs import settlement as settlement_report
from reviews.grades import Grade
from reviews.models import Decision
from reviews.services import assessment_complete, assessment_save, scheme_for_year
from tests.factories import EngagementFactory, funding, make_user

from .demo import export, pdf_text

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
PAPER = "该年度考核以纸质方式进行，未在系统中录入。"


@pytest.fixture
def settled(standards, officer_a, bureau, finance, unit_a):
    """Two engagements of unit A, each approved 54,000.00 for 2025: 唐立新 graded 合格 by hand (× 0.90 =
    48,600.00), 贺振华 assessed 优秀 in the system (× 1.00 = 54,000.00)."""
    finance.last_name, finance.first_name = "陈", "静"
    finance.save()
    tang = EngagementFactory(unit=unit_a, adviser__name="唐立新")
    he = EngagementFactory(unit=unit_a, adviser__name="贺振华")
    funding(officer_a, bureau, finance, tang, he)
    scores = {c.pk: (Decimal("95"), Decimal("95")) for c in scheme_for_year(2025).criteria.all()}
    assessment = assessment_save(engagement=he, year=2025, scores=scores, actor=officer_a)
    assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    return [
        settlement_prepare(engagement=tang, year=2025, grade=Grade.COMPETENT, reason=PAPER, actor=officer_a),
        settlement_prepare(engagement=he, year=2025, actor=officer_a),
    ]


def text_of(response) -> str:
    assert response.status_code == 200, response.content[:300]
    return "".join(pdf_text(response.content).split())


def test_the_sheet_has_the_figures_the_system_computed(client_for, finance, unit_a, settled):
    tang, he = settled
    assert (tang.amount, he.amount) == (Decimal("48600.00"), Decimal("54000.00"))
    settlement_confirm(settlement=he, actor=finance)
    text = text_of(export(client_for(finance), "settlement", unit=unit_a.pk, year=2025))
    assert "株洲市2025年度法律顾问服务费按效付费结算表" in text and "（市住房和城乡建设局）" in text
    assert "核定108,000.00元，按考核等次应付102,600.00元，不予支付5,400.00元。" in text
    assert "唐立新54,000.00元合格*0.9048,600.00元待财政局确认" in text
    assert "贺振华54,000.00元优秀1.0054,000.00元陈静（财政局审核人员）" in text
    assert "合计108,000.00元102,600.00元" in text
    assert "（优秀1.00、合格0.90、基本合格0.70、不合格0.00）" in text  # the coefficients in force
    assert "唐立新：" + PAPER in text  # the hand-entered grade says why
    assert "尚有1项结算待财政局确认" in text


def test_once_every_settlement_is_confirmed_the_sheet_is_dated_with_the_last_confirmation(
    client_for, finance, auditor, unit_a, settled
):
    for day, settlement in zip((10, 12), settled, strict=True):
        with time_machine.travel(dt.datetime(2026, 1, day, 10, tzinfo=BEIJING), tick=False):
            settlement_confirm(settlement=settlement, actor=finance)
    with time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=BEIJING), tick=False):
        text = text_of(export(client_for(auditor), "settlement", unit=unit_a.pk, year=2025))
    assert "状态：全部结算已经财政局确认。" in text
    assert "市住房和城乡建设局2026年1月12日第1页共1页" in text  # the issuer and its date, on the one page
    assert "2026年3月5日" not in text


def test_the_download_is_named_after_the_unit_and_year(client_for, officer_a, unit_a, settled):
    response = export(client_for(officer_a), "settlement", unit=unit_a.pk, year=2025)
    name = "市住房和城乡建设局2025年度法律顾问服务费结算表.pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert settlement_report.filename({"unit": unit_a.pk, "year": 2025}) == name


def test_the_units_officer_bureau_and_auditor_export_it(client_for, officer_a, bureau, auditor, unit_a, settled):
    for user in (officer_a, bureau, auditor):
        assert "102,600.00元" in text_of(export(client_for(user), "settlement", unit=unit_a.pk, year=2025))


def test_another_units_officer_and_another_citys_finance_get_a_404(client_for, officer_b, unit_a, settled):
    other_city = Unit.objects.create(name="湘潭市人民政府", kind=Unit.Kind.OTHER, level=Unit.Level.CITY)
    for user in (officer_b, make_user("other_finance", Role.FINANCE, other_city)):
        assert export(client_for(user), "settlement", unit=unit_a.pk, year=2025).status_code == 404


@pytest.mark.parametrize("role", [Role.ADVISER, Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN])
def test_other_roles_get_no_settlement_sheet(client_for, unit_a, settled, role):
    extra = {"adviser": settled[0].engagement.adviser} if role == Role.ADVISER else {}
    user = make_user(f"user-{role}", role, unit_a, **extra)
    assert export(client_for(user), "settlement", unit=unit_a.pk, year=2025).status_code == 404


def test_a_year_without_settlements_is_a_form_error_in_chinese(client_for, finance, unit_a, settled):
    response = export(client_for(finance), "settlement", unit=unit_a.pk, year=2024)
    assert response.status_code == 400
    assert "该单位该年度没有按效付费结算。" in response.content.decode()


def test_the_settlements_page_links_each_row_to_its_sheet(client_for, finance, unit_a, settled):
    page = client_for(finance).get("/budgets/settlements/?year=2025").content.decode()
    assert f"/reports/settlement.pdf?unit={unit_a.pk}&amp;year=2025" in page


def test_the_builder_does_not_query_per_settlement(standards, officer_a, bureau, finance, auditor, unit_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import registry

    engagements = [EngagementFactory(unit=unit_a, adviser__name=name) for name in ("唐立新", "贺振华", "罗建国")]
    funding(officer_a, bureau, finance, *engagements)
    spec, counts = registry.get("settlement"), []
    for n, engagement in enumerate(engagements, start=1):
        settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.BASIC, reason=PAPER, actor=bureau)
        settlement_confirm(settlement=settlement, actor=finance)
        user = type(auditor).objects.get(pk=auditor.pk)  # loaded afresh, as each request does
        form = spec.form_class(user=user, data={"unit": unit_a.pk, "year": 2025})
        assert form.is_valid(), form.errors
        with CaptureQueriesContext(connection) as ctx:
            context = spec.build(user=user, params=form.cleaned_data, progress=lambda p: None)
        assert len(context["rows"]) == n
        counts.append(len(ctx))
    assert counts[0] == counts[2], counts
