"""List and queue pages: totals, export, refusals, and a constant number of queries at 3 and 30 rows."""

from decimal import Decimal
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from advisers.models import Adviser, Engagement
from budgets.models import BudgetRequest, Settlement
from tests import factories

# Every page: session, user (with its unit and jurisdiction: the scope and the page header) and
# SAVEPOINT/RELEASE (ATOMIC_REQUESTS), then the page's own queries named at each assertion.
PAGE = 4


@pytest.mark.parametrize("rows", [3, 30])
def test_the_approval_queue_runs_a_constant_number_of_queries(
    client_for, finance, unit_a, bureau, rows, django_assert_num_queries
):
    factories.bulk(unit_a, rows, reviewer=bureau)
    client = client_for(finance)
    # paginator count, totals, rows (unit, submitter, reviewer joined; lines counted)
    with django_assert_num_queries(PAGE + 3):
        response = client.get(reverse("budgets:approval_queue"))
    assert response.content.decode().count("申请") >= rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_review_queue_runs_a_constant_number_of_queries(
    client_for, bureau, unit_a, rows, django_assert_num_queries
):
    factories.bulk(unit_a, rows, status=BudgetRequest.Status.SUBMITTED)
    client = client_for(bureau)
    # the bureau account's TOTP device (django-otp), paginator count, totals, rows
    with django_assert_num_queries(PAGE + 4):
        client.get(reverse("budgets:review_queue"))


@pytest.mark.parametrize("rows", [3, 30])
def test_the_officers_list_runs_a_constant_number_of_queries(
    client_for, officer_a, unit_a, bureau, rows, django_assert_num_queries
):
    factories.bulk(unit_a, rows, reviewer=bureau)
    client = client_for(officer_a)
    # paginator count, rows (unit joined, lines counted)
    with django_assert_num_queries(PAGE + 2):
        response = client.get(reverse("budgets:requests"))
    assert response.content.decode().count('href="/budgets/') >= rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_settlement_list_runs_a_constant_number_of_queries(
    client_for, finance, unit_a, rows, django_assert_num_queries
):
    from datetime import date

    for i in range(rows):
        adviser = Adviser.objects.create(name=f"顾问{i}", category=Adviser.Category.LAWYER)
        engagement = Engagement.objects.create(
            adviser=adviser, unit=unit_a, start_date=date(2025, 1, 1), end_date=date(2026, 1, 1)
        )
        Settlement.objects.create(
            engagement=engagement,
            unit=unit_a,
            year=2025,
            approved_amount=Decimal(100),
            grade="excellent",
            coefficient=Decimal(1),
            amount=Decimal(100),
        )
    client = client_for(finance)
    # paginator count, the page's ids, its rows (unit, engagement, adviser, preparer and confirmer joined)
    with django_assert_num_queries(PAGE + 3):
        response = client.get(reverse("budgets:settlements"))
    assert response.content.decode().count("确认</button>") == rows


def test_the_queue_shows_totals_in_wan_and_yuan(client_for, finance, unit_a, bureau):
    factories.bulk(unit_a, 3, reviewer=bureau)
    page = client_for(finance).get(reverse("budgets:approval_queue")).content.decode()
    assert "6.3万元" in page and "63,000.00元" in page and "6.0万元" in page and "60,000.00元" in page


def test_only_finance_opens_the_approval_queue(client_for, officer_a, bureau, auditor):
    for user in (officer_a, bureau, auditor):
        assert client_for(user).get(reverse("budgets:approval_queue")).status_code == 403
        assert client_for(user).get(reverse("budgets:approval_queue_export")).status_code == 403


def test_only_the_bureau_opens_the_review_queue(client_for, officer_a, finance, auditor):
    for user in (officer_a, finance, auditor):
        assert client_for(user).get(reverse("budgets:review_queue")).status_code == 403


def test_queue_pages_refuse_post(client_for, finance, bureau):
    assert client_for(finance).post(reverse("budgets:approval_queue")).status_code == 405
    assert client_for(finance).post(reverse("budgets:approval_queue_export")).status_code == 405
    assert client_for(bureau).post(reverse("budgets:review_queue")).status_code == 405


def test_the_queue_exports_to_xlsx_with_chinese_headers_and_is_audited(client_for, finance, unit_a, bureau):
    factories.bulk(unit_a, 2, reviewer=bureau)
    response = client_for(finance).get(reverse("budgets:approval_queue_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("预算单位", "预算年度", "申请名称", "明细条数", "申报金额（元）", "审核建议金额（元）")
    assert rows[1][0] == "市住房和城乡建设局" and Decimal(str(rows[1][4])) == Decimal("21000")
    assert len(rows) == 3
    assert LogEntry.objects.filter(actor=finance, additional_data__event="export_xlsx").exists()


def test_the_officers_list_filters_by_status_and_search(client_for, officer_a, unit_a, bureau, standards):
    factories.draft(officer_a, title="草稿甲")
    factories.submitted(officer_a, title="已报乙")
    client = client_for(officer_a)
    page = client.get(reverse("budgets:requests"), {"status": "draft"}).content.decode()
    assert "草稿甲" in page and "已报乙" not in page
    page = client.get(reverse("budgets:requests"), {"q": "已报"}).content.decode()
    assert "已报乙" in page and "草稿甲" not in page


def test_nonsense_filters_are_ignored_not_a_500(client_for, officer_a, finance):
    params = {"year": "99999999999999999999", "status": "nope", "page": "x"}
    assert client_for(officer_a).get(reverse("budgets:requests"), params).status_code == 200
    assert client_for(finance).get(reverse("budgets:settlements"), params).status_code == 200
