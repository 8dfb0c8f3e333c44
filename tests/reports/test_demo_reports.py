"""Each report on the demo data: the PDF's extracted text carries the Chinese title, the unit names and
the figures the system computed from its records."""

import re

import pytest
from django.urls import reverse

from accounts.models import Unit, User
from reviews.models import UnitInspection, UnitWorkReport

from .demo import demo_data, export, pdf_text  # noqa: F401


@pytest.fixture
def demo(demo_data, db):  # noqa: F811
    return demo_data


def _client(client_for, username):
    return client_for(User.objects.get(username=username))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_fee_summary_prints_the_articles_saving(demo, client_for):
    response = export(_client(client_for, "auditor"), "budget-summary", year=2025, through_quarter=3)
    assert response.status_code == 200, response.content[:500]
    text = _squash(pdf_text(response.content))
    assert "法律服务经费预算与节约情况汇总" in text
    assert "2025年第1—3季度" in text and "38家预算单位" in text
    assert "374.2万元" in text and "279.5万元" in text and "节约94.7万元（25.3%）" in text
    assert "市住房和城乡建设局" in text and "市交通运输局" in text
    assert "第1页共" in text and "株洲市司法局" in text


def test_finance_gets_the_fee_summary_and_an_officer_only_their_own_unit(demo, client_for):
    assert "374.2万元" in _squash(
        pdf_text(export(_client(client_for, "finance"), "budget-summary", year=2025, through_quarter=3).content)
    )
    text = _squash(
        pdf_text(export(_client(client_for, "officer"), "budget-summary", year=2025, through_quarter=4).content)
    )
    assert "1家预算单位" in text and "市住房和城乡建设局" in text
    assert "市交通运输局" not in text and "374.2万元" not in text


def test_adviser_performance_lists_the_advisers_with_their_figures(demo, client_for):
    response = export(_client(client_for, "bureau"), "adviser-performance", year=2025)
    assert response.status_code == 200
    text = _squash(pdf_text(response.content))
    assert "2025年度法律顾问履职情况" in text and "全市" in text
    assert "湖南湘楚律师事务所" in text and "唐立新" in text and "贺振华" in text
    assert "逾期提交" in text and "按时提交" in text and "未提交" in text
    assert "优秀（续聘）" in text


def test_an_officers_adviser_performance_is_their_units_only(demo, client_for):
    text = _squash(pdf_text(export(_client(client_for, "officer"), "adviser-performance", year=2025).content))
    assert "市住房和城乡建设局" in text and "唐立新" in text
    assert "贺振华" not in text and "湖南天衡律师事务所" not in text


def test_the_inspection_letter_is_a_letter_to_the_unit(demo, client_for):
    unit = Unit.objects.get(name="市住房和城乡建设局")
    inspection = UnitInspection.objects.get(unit=unit, campaign__year=2025)
    response = export(_client(client_for, "officer"), "inspection-letter", unit=unit.pk, year=2025)
    assert response.status_code == 200
    text = _squash(pdf_text(response.content))
    assert "株洲市司法局" in text and re.search(r"株司函〔2025〕\d+号", text)
    assert "关于市住房和城乡建设局2025年度合同专项清查情况的反馈函" in text
    assert "市住房和城乡建设局：" in text
    for label in ["合同文本质量", "程序合规性", "风险预警", "履约跟踪", "档案管理"]:
        assert label in text
    assert f"{inspection.text_quality}" in text and str(inspection.average) in text
    item = inspection.rectifications.first()
    assert _squash(item.description) in text and "2026年3月31日" in text
    assert "—1—" in text and "第1页" not in text
    assert "2025年12月15日" in text  # the date the letter was sent


def test_the_work_report_of_a_county_prints_its_figures_and_its_sub_units(demo, client_for):
    report = UnitWorkReport.objects.select_related("unit", "recipient").get(unit__name="荷塘区人民政府", year=2025)
    response = export(_client(client_for, "auditor"), "work-report", unit=report.unit.pk, year=2025)
    assert response.status_code == 200
    text = _squash(pdf_text(response.content))
    assert "2025年度法律顾问工作报告" in text and "荷塘区人民政府" in text
    assert f"出具法律意见{report.opinions}件" in text and f"法治讲座{report.lectures}场" in text
    assert _squash(report.summary) in text
    assert f"报送{report.recipient.name}" in text
    assert "三、下级单位报送情况" in text and "荷塘区司法局" in text


def test_a_unit_without_a_report_gets_the_figures_from_its_records(demo, client_for):
    unit = Unit.objects.get(name="市住房和城乡建设局")
    assert not UnitWorkReport.objects.filter(unit=unit, year=2025).exists()
    response = export(_client(client_for, "officer"), "work-report", unit=unit.pk, year=2025)
    text = _squash(pdf_text(response.content))
    assert "尚未" in text and "市住房和城乡建设局" in text


def test_the_reports_page_offers_every_report_to_an_auditor(demo, client_for):
    page = _client(client_for, "auditor").get(reverse("reports:index")).content.decode()
    for title in ["经费预算与节约情况汇总", "法律顾问年度履职情况", "合同专项清查反馈函", "单位年度工作报告"]:
        assert title in page
