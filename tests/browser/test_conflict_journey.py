"""Conflict-of-interest review in the browser: an officer registers a case against the unit; the engagement of
the lawyer who acts for the other side is held; bureau staff clear it with a reason. Axe checks every page, and
the pages reflow at 320 px."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from advisers import services
from advisers.models import Dispute, Engagement
from tests.browser.axe import sideways_overflow
from tests.browser.conftest import PHONE
from tests.factories import AdviserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_holds_the_engagement_until_the_bureau_clears_it_with_a_reason(
    page, login, login_with_code, menu, screenshot, officer_a, bureau, unit_a
):
    today = timezone.localdate()
    lawyer = AdviserFactory(name="王建", affiliation="湖南求是律师事务所")

    login("officer_a")
    menu("涉诉案件登记")
    page.get_by_role("link", name="登记案件").click()
    page.get_by_label("案号").fill("（2026）湘0211行初58号")
    page.get_by_label("受理法院或仲裁机构").fill("株洲市天元区人民法院")
    # "对方当事人" and "对方代理律师" begin the other labels too: by the field itself.
    page.locator("#id_counterparty").fill("株洲恒泰置业有限公司")
    page.locator("#id_counterparty_lawyer").fill("王建")
    page.get_by_label("立案日期").fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存。")
    expect(page.locator("tbody tr", has_text="（2026）湘0211行初58号")).to_contain_text("未结")
    assert Dispute.objects.get().unit == unit_a

    engagement = services.engagement_save(
        actor=officer_a, adviser=lawyer, unit=unit_a, start_date=today, end_date=today + dt.timedelta(days=700)
    )
    assert engagement.status == Engagement.Status.PENDING_REVIEW
    page.context.clear_cookies()

    page.set_viewport_size(PHONE)
    login_with_code(bureau)
    menu("利益冲突审查")
    assert sideways_overflow(page) == 0
    page.get_by_role("link", name="王建").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("王建")
    assert sideways_overflow(page) == 0
    page.get_by_label("处理决定").select_option(label="排除：不存在妨碍聘任的利益冲突")
    page.get_by_role("button", name="保存决定").click()
    expect(page.get_by_role("alert")).to_be_focused()  # the reason is required: the summary says so first
    page.get_by_label("决定理由").fill("王建已于立案前解除委托，出具了证明。")
    page.get_by_role("button", name="保存决定").click()
    expect(page.locator(".messages")).to_contain_text("已作出决定")
    expect(page.locator("dd", has_text="王建已于立案前解除委托，出具了证明。")).to_be_visible()
    screenshot("conflict-decided-320")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE
