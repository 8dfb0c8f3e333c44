"""The budget form adds lines without saving: 添加一行 (static/js/formset.js) as often as needed, one save."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from budgets.models import BudgetRequest
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_adds_three_lines_and_saves_once(page, live_server, login, officer_a):
    year = timezone.localdate().year + 1
    factories.fee_standards(year)
    login("officer_a")
    page.goto(live_server.url + reverse("budgets:request_create"))
    expect(page.locator("#form-rows tr")).to_have_count(1)
    for _ in range(2):
        page.get_by_role("button", name="添加一行").click()
    expect(page.locator("#form-rows tr")).to_have_count(3)
    page.get_by_label("申请名称").fill(f"{year}年度法律服务经费预算")
    page.locator("#id_previous_year_amount").fill("80000")
    page.locator("#id_justification").fill("按工作量测算")
    for n in range(3):
        page.locator(f"#id_form-{n}-item_type").select_option(index=n % 2)
        page.locator(f"#id_form-{n}-quarter").select_option(index=n)
        page.locator(f"#id_form-{n}-quantity").fill(str(n + 1))
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("申请已保存为草稿")).to_be_visible()
    assert BudgetRequest.objects.get().lines.count() == 3
