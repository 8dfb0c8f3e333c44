"""An adviser signs in and submits its own annual duty report on time; the unit's officer returns it with a
reason; the adviser finds the notice, corrects the report and submits it again."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from advisers.models import Adviser, Engagement
from reviews.models import DutyReport
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "请补充全年开展法治讲座的情况。"


@pytest.fixture
def adviser(unit_a):
    year = timezone.localdate().year
    person = Adviser.objects.create(name="唐立新", category=Adviser.Category.LAWYER, affiliation="湖南湘江律师事务所")
    Engagement.objects.create(
        adviser=person,
        unit=unit_a,
        start_date=dt.date(year - 1, 1, 1),
        end_date=dt.date(year + 1, 12, 31),
        selection_completed_on=dt.date(year - 2, 12, 1),
    )
    return make_user("adviser", Role.ADVISER, adviser=person, last_name="唐", first_name="立新")


def _sign_out(page):
    page.context.clear_cookies()


def test_the_adviser_submits_its_own_report_the_officer_returns_it_and_it_is_resubmitted(
    menu, page, login, screenshot, adviser, officer_a
):
    year = timezone.localdate().year

    # The adviser writes and submits its own report, before 31 December.
    login("adviser")
    menu("年度履职报告")
    page.get_by_label("年度").select_option(str(year))
    page.get_by_role("button", name="筛选").click()
    row = page.locator("tbody tr", has_text="唐立新")
    expect(row).to_have_count(1)  # its own engagement, nobody else's
    row.get_by_role("link", name="填写报告").click()
    page.get_by_label("年度履职情况总结").fill("全年审查合同12件，出具法律意见5件。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_label("我确认").check()
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator(".messages")).to_contain_text("报告已按时提交。")
    report = DutyReport.objects.get()
    assert report.status == DutyReport.Status.SUBMITTED and report.submitted_by == adviser and not report.is_late
    _sign_out(page)

    # The unit's officer returns it: refused without a reason, returned with one.
    login("officer_a")
    page.goto(page.base + f"/reviews/duty-reports/{report.pk}/")
    page.get_by_role("button", name="退回报告").click()
    expect(page.locator(".field", has=page.get_by_label("退回理由")).locator(".errors")).to_have_text(
        "请填写退回理由。"
    )
    page.get_by_label("退回理由").fill(REASON)
    page.get_by_role("button", name="退回报告").click()
    expect(page.locator(".messages")).to_contain_text("报告已退回")
    expect(page.locator(".badge.warn")).to_have_text("已退回修改")
    _sign_out(page)

    # The adviser sees it waiting at home, finds the notice with the reason, corrects and resubmits.
    login("adviser")
    returned = page.locator('[data-item="reviews:duty_returned"]')
    expect(returned.locator(".waiting-count")).to_have_text("1")
    screenshot("adviser-home")
    page.locator(".notices-link").click()
    notice = page.locator("tbody tr", has_text="退回修改")
    expect(notice).to_contain_text(REASON)
    notice.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text(REASON)
    page.get_by_role("link", name="修改报告").click()
    page.get_by_label("年度履职情况总结").fill("全年审查合同12件，出具法律意见5件，开展法治讲座2场。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_label("我确认").check()
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator(".messages")).to_contain_text("报告已按时提交。")
    expect(page.locator(".badge.ok")).to_have_text("按时提交")
    report.refresh_from_db()
    assert report.status == DutyReport.Status.SUBMITTED and report.summary.endswith("开展法治讲座2场。")
    assert not report.is_late
    screenshot("adviser-duty-report-resubmitted")
