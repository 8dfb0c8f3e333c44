"""An auditor opens the dashboard, downloads a PDF report with real Chinese text in it, and finds nothing to edit."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from contracts import services
from tests.factories import AdviserFactory, ContractFactory, EngagementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contract(bureau, unit_a):
    adviser = AdviserFactory(name="周明远")
    EngagementFactory(adviser=adviser, unit=unit_a)  # in force 2024–2026: in the performance report
    contract = ContractFactory.build(unit=unit_a, adviser=adviser, number="ZZJ-2026-017", clause_confidentiality=False)
    return services.contract_save(actor=bureau, contract=contract)


def test_auditor_opens_the_dashboard_downloads_a_chinese_pdf_and_finds_nothing_to_edit(
    menu, page, login, screenshot, auditor, contract
):
    login("auditor")
    menu("工作台")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")

    # The PDF: the advisers' performance report, a real file with Chinese text (searchable, copyable).
    menu("PDF报表")
    report = page.locator("#report-adviser-performance")
    with page.expect_download() as download_info:
        report.get_by_role("button", name="导出PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    assert "年度法律顾问履职情况" in text
    assert "周明远" in text and "市住房和城乡建设局" in text

    # Nothing to change in the portal...
    page.goto(page.base + "/advisers/opinions/")
    expect(page.get_by_role("link", name="登记法律意见")).to_have_count(0)
    page.goto(page.base + f"/contracts/{contract.pk}/")
    expect(page.locator("#findings")).to_contain_text("缺少必备条款")
    expect(page.get_by_role("button")).to_have_text(["退出登录"])  # the only button: logging out

    # ...nor in the admin: no add link, and the contract opens read-only.
    page.goto(page.base + "/admin/contracts/servicecontract/")
    expect(page.get_by_role("link", name="ZZJ-2026-017")).to_be_visible()
    expect(page.locator(".object-tools a.addlink")).to_have_count(0)
    page.get_by_role("link", name="ZZJ-2026-017").click()
    expect(page.locator("#content h1")).to_contain_text("查看")
    expect(page.locator(".submit-row input[type=submit], .submit-row button[type=submit]")).to_have_count(0)
    expect(page.locator("#content input:not([type=hidden]), #content select, #content textarea")).to_have_count(0)
    screenshot("auditor-contract-read-only")


def test_a_large_report_shows_its_progress_and_then_the_download(page, login, screenshot, auditor, contract, settings):
    settings.REPORT_DIRECT_MAX_ROWS = 0  # every export counts as large: rendered as a background job
    login("auditor")
    page.goto(page.base + "/reports/")
    page.locator("#report-adviser-performance").get_by_role("button", name="导出PDF").click()
    expect(page.get_by_role("heading", name="法律顾问年度履职情况")).to_be_visible()
    expect(page.locator("#job-progress")).to_have_attribute("max", "100")
    expect(page.locator("#job-progress")).to_have_js_property("value", 100)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载PDF").click()
    assert Path(download_info.value.path()).read_bytes()[:5] == b"%PDF-"
    screenshot("auditor-report-job-done")
