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
