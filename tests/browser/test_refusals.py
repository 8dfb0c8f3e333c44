"""Refusals a person meets in the browser."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_typing_another_units_address_gets_the_not_found_page(page, login, screenshot, officer_a, unit_b):
    login("officer_a")
    response = page.goto(f"{page.base}/admin/accounts/unit/{unit_b.pk}/change/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    screenshot("officer-refused-another-unit")


def test_every_role_lands_on_its_home_page_in_chinese(page, login, bureau, officer_a, finance, auditor):
    for user in (officer_a, finance, auditor):
        login(user.username)
        expect(page.get_by_role("heading", name=f"欢迎，{user.username}")).to_be_visible()
        page.get_by_role("button", name="退出登录").click()


def test_auditor_trying_to_record_an_opinion_is_refused(page, login, screenshot, auditor):
    login("auditor")
    response = page.goto(f"{page.base}/advisers/opinions/new/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权操作")).to_be_visible()
    expect(page.get_by_text("您的角色无权执行此操作。")).to_be_visible()
    screenshot("auditor-refused-writing")


def test_finance_cannot_open_the_admin(page, login, screenshot, finance):
    login("finance")
    expect(page.get_by_role("link", name="后台管理")).to_have_count(0)
    page.goto(f"{page.base}/admin/")
    expect(page.locator("#content-main")).to_contain_text("没有这个页面的访问权限")
    screenshot("finance-refused-admin")


def test_bureau_staff_cannot_approve_budgets_in_place_of_finance(page, login_with_code, screenshot, bureau):
    login_with_code(bureau)
    expect(page.get_by_role("link", name="经费核定")).to_have_count(0)
    response = page.goto(f"{page.base}/budgets/queue/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权操作")).to_be_visible()
    screenshot("bureau-refused-approval")
