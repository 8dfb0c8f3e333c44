"""An auditor reads the overview, downloads a PDF with real Chinese text in it, and finds nothing to edit."""

import io
import re

import pytest
from django import forms
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.policy import visible
from accounts.roles import Role
from contracts import services
from contracts.models import ContractFinding
from reports import registry
from reports.registry import ReportSpec
from tests.advisers.factories import AdviserFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class NoParameters(forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


def _open_findings(*, user, params, progress):
    findings = (
        visible(user, ContractFinding)
        .filter(status=ContractFinding.Status.OPEN)
        .select_related("contract__unit")
        .order_by("contract__number")
    )
    return {
        "title": "法律服务合同核查问题清单",
        "paragraphs": [f"{f.contract.unit.name}，合同{f.contract.number}：{f.message}" for f in findings],
    }


@pytest.fixture
def findings_report():
    """A report on the real PDF engine, read from the records through the auditor's scope.

    The concrete reports (fee summary, performance, letters) arrive with issue 6; this stands in for them here.
    """
    spec = registry.register(
        ReportSpec(
            key="browser-open-findings",
            title="合同核查问题清单",
            description="各单位法律服务合同的未整改问题。",
            template="reports/document.html",
            form_class=NoParameters,
            build=_open_findings,
            row_count=lambda *, user, params: 1,
            roles=frozenset({Role.BUREAU, Role.AUDITOR}),
            filename=lambda params: "findings.pdf",
        )
    )
    yield spec
    registry._REPORTS.pop(spec.key, None)


@pytest.fixture
def contract(bureau, unit_a):
    contract = ContractFactory.build(
        unit=unit_a, adviser=AdviserFactory(name="周明远"), number="ZZJ-2026-017", clause_confidentiality=False
    )
    return services.contract_save(actor=bureau, contract=contract)


def test_auditor_reads_the_overview_downloads_a_chinese_pdf_and_finds_nothing_to_edit(
    page, login, screenshot, auditor, contract, findings_report
):
    login("auditor")
    page.get_by_role("link", name="报告与考核总览").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度报告、考核与清查")

    # The PDF: a real file with the finding's Chinese text in it (searchable, copyable).
    page.get_by_role("link", name="PDF报表").first.click()
    report = page.locator(f"#report-{findings_report.key}")
    with page.expect_download() as download_info:
        report.get_by_role("button", name="导出PDF").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    assert "法律服务合同核查问题清单" in text
    assert "市住房和城乡建设局，合同ZZJ-2026-017" in text and "保密" in text

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


def test_a_large_report_shows_its_progress_and_then_the_download(
    page, login, screenshot, auditor, contract, findings_report, settings
):
    settings.REPORT_DIRECT_MAX_ROWS = 0  # every export counts as large: rendered as a background job
    login("auditor")
    page.goto(page.base + "/reports/")
    page.locator(f"#report-{findings_report.key}").get_by_role("button", name="导出PDF").click()
    expect(page.get_by_role("heading", name="合同核查问题清单")).to_be_visible()
    expect(page.locator("#job-progress")).to_have_attribute("max", "100")
    expect(page.locator("#job-progress")).to_have_js_property("value", 100)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载PDF").click()
    assert open(download_info.value.path(), "rb").read(5) == b"%PDF-"
    screenshot("auditor-report-job-done")
