"""A finance approver approves one request at a lower amount and returns another with a reason; the officer
whose request was cut finds the notice (the header counts it unread), follows it and reads the approved
amount and the reason."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Notice
from budgets.models import BudgetRequest
from tests.factories import reviewed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def requests(officer_a, officer_b, bureau):
    officer_a.last_name, officer_a.first_name = "李", "芳"
    officer_a.save()
    # Reviewed at 90%: 13,500 for three months of counsel (Q1) and 5,400 for ten contract reviews (Q4).
    housing = reviewed(officer_a, bureau, year=2027, title="2027年度法律服务经费预算（住建）")
    transport = reviewed(officer_b, bureau, year=2027, title="2027年度法律服务经费预算（交通）")
    return housing, transport


def confirm(page, question: str):
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(question)
    dialog.get_by_role("button", name="确定").click()


def test_finance_approves_one_request_for_less_and_returns_another_with_a_reason(
    menu, page, login, screenshot, finance, officer_a, requests
):
    housing, transport = requests
    login("finance")
    menu("经费核定")
    expect(page.locator("tbody tr")).to_have_count(2)

    # Approve the housing bureau's request, cutting the counsel line from 13,500 to 12,000.
    page.get_by_role("link", name=housing.title).click()
    counsel = housing.lines.get(quarter=1)
    page.locator(f"#id_line_{counsel.pk}").fill("12000")
    # Less than the bureau recommended: refused without a reason, approved with one.
    page.get_by_role("button", name="核定", exact=True).click()
    confirm(page, "此操作不可撤销")
    expect(page.locator("main")).to_contain_text("请说明核减理由")
    page.get_by_label("核减理由", exact=False).fill("常年法律顾问服务量按上年实际核减。")
    page.locator(f"#id_line_{counsel.pk}").fill("12000")
    page.get_by_role("button", name="核定", exact=True).click()
    confirm(page, "此操作不可撤销")
    expect(page.locator(".messages")).to_contain_text("已核定")
    housing.refresh_from_db()
    assert housing.status == BudgetRequest.Status.APPROVED
    assert housing.approved_amount == Decimal("17400.00")  # 12,000 + 5,400

    # Return the transport bureau's request: refused without a reason, sent back with one.
    page.goto(page.base + "/budgets/queue/")
    page.get_by_role("link", name=transport.title).click()
    page.get_by_role("button", name="退回", exact=True).click()
    confirm(page, "退回")
    reason = page.locator(".field", has=page.get_by_label("退回理由"))
    expect(reason).to_have_class("field has-error")
    page.get_by_label("退回理由").fill("二季度诉讼案件数量缺少依据，请补充说明后重新申报。")
    page.get_by_role("button", name="退回", exact=True).click()
    confirm(page, "退回")
    expect(page.locator(".messages")).to_contain_text("已退回")
    expect(page.locator("main")).to_contain_text("二季度诉讼案件数量缺少依据")
    transport.refresh_from_db()
    assert transport.status == BudgetRequest.Status.RETURNED
    screenshot("finance-request-returned")

    # The housing bureau's officer signs in: the header names her in Chinese order and counts her notices.
    page.context.clear_cookies()
    login("officer_a")
    expect(page.locator(".who")).to_contain_text("李芳 · 单位法制工作人员")
    unread = Notice.objects.filter(recipient=officer_a, read_at__isnull=True).count()
    assert unread == 2  # the bureau's review, then the approval
    badge = page.locator(".notices-link .count")
    expect(badge).to_have_text(str(unread))
    page.locator(".notices-link").click()
    notice = page.get_by_role("link", name="预算申请“2027年度法律服务经费预算（住建）”已核定：17,400.00元")
    expect(notice).to_be_visible()
    expect(page.locator("main")).to_contain_text("常年法律顾问服务量按上年实际核减。")
    notice.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(housing.title)
    expect(page.locator("main")).to_contain_text("17,400.00元")
    expect(page.locator("main")).to_contain_text("常年法律顾问服务量按上年实际核减。")
    screenshot("officer-reads-the-approval")
