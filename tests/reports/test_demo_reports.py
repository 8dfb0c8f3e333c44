"""Each report on the demo data: the PDF's extracted text carries the Chinese title, the unit names and
the figures the system computed from its records."""

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

import time_machine
from django.urls import reverse

from accounts.models import Unit, User
from reviews.models import UnitInspection, UnitWorkReport

from .demo import export, pdf_text


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
    for title in [
        "经费预算与节约情况汇总",
        "法律顾问年度履职情况",
        "合同专项清查反馈函",
        "单位年度工作报告",
        "法律顾问服务费结算表",
    ]:
        assert title in page


# -- An auditor reaches every report by following links from the pages ------------------------------


class _Forms(HTMLParser):
    """The GET forms of a page: action and the values a browser would send unchanged (first option)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "data": {}, "searched": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["data"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select" and self.forms:
            self._select = attrs.get("name")
            self._multiple = "multiple" in attrs
            if "admin-autocomplete" in attrs.get("class", ""):
                # Searched as the user types: the autocomplete view's parameters, to pick its first match.
                self.forms[-1]["searched"][self._select] = {
                    "url": attrs["data-ajax--url"],
                    "app_label": attrs["data-app-label"],
                    "model_name": attrs["data-model-name"],
                    "field_name": attrs["data-field-name"],
                }
        elif tag == "option" and self._select and not self._multiple:
            data = self.forms[-1]["data"]
            if attrs.get("value") and (self._select not in data or "selected" in attrs):
                data[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def _follow(client, page: str, pattern: str) -> str:
    link = next(href for href in _links(page) if re.search(pattern, href))
    response = client.get(link)
    assert response.status_code == 200, link
    return response


def _assert_pdf(response, *expected):
    assert response["Content-Type"] == "application/pdf"
    text = _squash(pdf_text(response.content))
    for snippet in expected:
        assert snippet in text


def test_an_auditor_reaches_every_report_by_links(demo, client_for):
    client = _client(client_for, "auditor")
    with time_machine.travel(dt.datetime(2026, 1, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        home = client.get(reverse("portal:home")).content.decode()
        # The reports page, from the menu: every report's form submits to a PDF.
        index = _follow(client, home, r"^/reports/$").content.decode()
        parser = _Forms()
        parser.feed(index)
        actions = {form["action"]: form for form in parser.forms if form["action"].endswith(".pdf")}
        assert len(actions) == 5
        for action, form in actions.items():
            data = form["data"]
            for name, search in form["searched"].items():  # a unit picked from the search, as a person would
                results = client.get(search.pop("url"), {**search, "term": ""}).json()["results"]
                data.setdefault(name, results[0]["id"])
            response = client.get(action, data)
            assert response.status_code == 200, (action, data, response.content[:300])
            # The first unit the search offers may be the city's or a county's (the auditor reads both).
            assert response["Content-Type"] == "application/pdf"
            text = _squash(pdf_text(response.content))
            assert "株洲市" in text or "醴陵市" in text, text[:200]
        # The dashboard links the fee summary and the advisers' performance.
        dashboard = _follow(client, home, r"^/reports/dashboard/$").content.decode()
        assert "374.2万元" in dashboard and "279.5万元" in dashboard and "94.7万元" in dashboard
        _assert_pdf(_follow(client, dashboard, r"budget-summary\.pdf"), "374.2万元", "节约94.7万元（25.3%）")
        _assert_pdf(_follow(client, dashboard, r"adviser-performance\.pdf"), "2025年度法律顾问履职情况")
        # The fee statistics page links its summary.
        stats = _follow(client, home, r"^/budgets/statistics/$").content.decode()
        _assert_pdf(_follow(client, stats, r"budget-summary\.pdf"), "38家预算单位")
        # The inspection page links each unit's feedback letter.
        inspections = _follow(client, home, r"^/reviews/inspections/$").content.decode()
        detail = _follow(client, inspections, r"^/reviews/inspections/\d+/$").content.decode()
        _assert_pdf(_follow(client, detail, r"inspection-letter\.pdf"), "株司函〔2025〕", "反馈函")
        # A work report links its PDF.
        work = _follow(client, home, r"^/reviews/work-reports/$").content.decode()
        report = _follow(client, work, r"^/reviews/work-reports/\d+/$").content.decode()
        _assert_pdf(_follow(client, report, r"work-report\.pdf"), "2025年度法律顾问工作报告")
        # The duty reports page links the advisers' performance.
        duty = _follow(client, home, r"^/reviews/duty-reports/$").content.decode()
        _assert_pdf(_follow(client, duty, r"adviser-performance\.pdf"), "法律顾问履职情况")


def test_the_dashboard_shows_the_demo_figures(demo, client_for):
    page = _client(client_for, "bureau").get(reverse("reports:dashboard")).content.decode()
    assert "374.2万元" in page and "279.5万元" in page and "94.7万元" in page and "25.3%" in page
    assert "<svg" in page and "合同文本质量" in page
