"""Every PDF and xlsx download is named in Chinese, sent with RFC 6266's filename* (UTF-8)."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from reports.specs import adviser_performance, budget_summary, inspection_letter, work_report
from tests.world import inspection_of

pytestmark = pytest.mark.django_db


def _utf8_name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''"), header
    return header.removeprefix("attachment; filename*=utf-8''")


def test_the_inspection_letter_is_named_by_its_number_and_unit(client_for, auditor, unit_a):
    inspection = inspection_of(unit_a, year=2025)
    number = inspection_letter.letter_number(inspection)
    expected = f"{number}-市住房和城乡建设局合同专项清查反馈函.pdf"
    assert "〔2025〕1号" in number
    assert inspection_letter.filename({"unit": unit_a.pk, "year": 2025}) == expected
    response = client_for(auditor).get(
        reverse("reports:export", args=["inspection-letter"]), {"unit": unit_a.pk, "year": 2025}
    )
    assert response.status_code == 200 and _utf8_name(response) == quote(expected)


@pytest.mark.parametrize(
    ("quarters", "name"),
    [
        (3, "2025年前三季度法律服务经费预算与节约情况汇总.pdf"),
        (1, "2025年第一季度法律服务经费预算与节约情况汇总.pdf"),
        (4, "2025年度法律服务经费预算与节约情况汇总.pdf"),
    ],
)
def test_the_fee_summary_is_named_by_its_period(quarters, name):
    assert budget_summary.filename({"year": 2025, "through_quarter": quarters}) == name


def test_the_other_reports_are_named_in_chinese(unit_a):
    assert (
        work_report.SPEC.filename({"unit": unit_a.pk, "year": 2025}) == "市住房和城乡建设局2025年度法律顾问工作报告.pdf"
    )
    assert adviser_performance.SPEC.filename({"year": 2025}) == "2025年度法律顾问履职情况.pdf"


def test_xlsx_exports_are_named_in_chinese(client_for, finance, bureau):
    response = client_for(finance).get(reverse("budgets:approval_queue_export"))
    assert quote("法律服务经费待核定清单-") in _utf8_name(response)
    # The admin's export form asks for the columns first: send them as the form offers them.
    page = client_for(bureau).get(reverse("admin:advisers_adviser_export")).content.decode()
    fields = {name: "on" for name in re.findall(r'type="checkbox" name="([^"]+)"', page)}
    response = client_for(bureau).post(reverse("admin:advisers_adviser_export"), {**fields, "format": "0"})
    assert _utf8_name(response).startswith(quote("法律顾问-"))
