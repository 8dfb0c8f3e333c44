"""Bureau staff: the two-step login, then an adviser, an engagement and a contract in the admin, and its finding."""

import re

import pytest
from playwright.sync_api import expect

from contracts.models import ServiceContract

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_bureau_staff_register_a_contract_missing_a_clause_and_see_its_finding(
    page, login_with_code, pick, screenshot, bureau, unit_a
):
    login_with_code(bureau)
    expect(page.get_by_role("heading", name="欢迎，bureau")).to_be_visible()
    page.get_by_role("link", name="后台管理").first.click()

    # The adviser.
    page.goto(page.base + "/admin/advisers/adviser/add/")
    page.locator("#id_name").fill("周明远")
    page.locator("#id_category").select_option(label="执业律师")
    page.locator("#id_licence_no").fill("14302202010123456")
    page.locator("#id_affiliation").fill("湖南湘江律师事务所")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("周明远")

    # The engagement: the unit retains the adviser after a public selection.
    page.goto(page.base + "/admin/advisers/engagement/add/")
    pick("adviser", "周明远")
    pick("unit", unit_a.name)
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2027-12-31")
    page.locator("#id_selection_method").select_option(label="公开遴选")
    page.locator("#id_selection_completed_on").fill("2025-12-15")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("周明远")

    # The contract: every clause ticked except confidentiality (保密).
    page.goto(page.base + "/admin/contracts/servicecontract/add/")
    pick("unit", unit_a.name)
    pick("adviser", "周明远")
    page.locator("#id_number").fill("ZZJ-2026-017")
    page.locator("#id_signed_on").fill("2025-12-20")
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2026-12-31")
    page.locator("#id_amount").fill("80000")
    page.locator("#id_procurement_method").select_option(label="竞争性磋商")
    for clause in (
        "服务范围条款",
        "费用及支付条款",
        "服务期限条款",
        "利益冲突回避条款",
        "违约责任条款",
        "考核评价条款",
        "解除条件条款",
    ):
        page.get_by_label(clause, exact=True).check()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("ZZJ-2026-017")

    # The finding, in the portal, as the unit and the bureau will see it.
    contract = ServiceContract.objects.get(number="ZZJ-2026-017")
    page.goto(page.base + "/contracts/")
    page.get_by_label("搜索").fill("ZZJ-2026-017")
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name="ZZJ-2026-017").click()
    expect(page).to_have_url(re.compile(rf"/contracts/{contract.pk}/$"))
    findings = page.locator("#findings")
    expect(findings).to_contain_text("缺少必备条款")
    expect(findings).to_contain_text("保密")
    screenshot("bureau-contract-finding")
