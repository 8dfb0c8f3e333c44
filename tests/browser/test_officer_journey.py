"""A unit legal officer records an opinion that was not adopted and submits the adviser's annual duty report."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from advisers.models import Adviser, Engagement, LegalOpinion
from reviews.models import DutyReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def engagement(unit_a):
    year = timezone.localdate().year
    adviser = Adviser.objects.create(name="唐立新", category=Adviser.Category.LAWYER, affiliation="湖南湘江律师事务所")
    return Engagement.objects.create(
        adviser=adviser,
        unit=unit_a,
        start_date=dt.date(year - 1, 1, 1),
        end_date=dt.date(year + 1, 12, 31),
        selection_completed_on=dt.date(year - 2, 12, 1),
    )


def test_officer_records_an_opinion_not_adopted_only_with_a_reason(
    menu, page, login, screenshot, officer_a, engagement
):
    login("officer_a")
    menu("履职记录")
    page.get_by_role("link", name="登记法律意见").click()
    page.get_by_label("法律顾问").select_option(label="唐立新")
    page.get_by_label("单位", exact=False).first.select_option(label="市住房和城乡建设局")
    expect(page.get_by_label("日期")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("事项类型").select_option(index=1)
    page.get_by_label("事项", exact=False).nth(1).fill("老旧小区改造项目合作协议")
    page.get_by_label("采纳情况").select_option(label="未采纳")
    page.get_by_role("button", name="保存").click()

    # Refused, and the message sits next to the reason field.
    reason = page.locator(".field", has=page.get_by_label("未采纳理由"))
    expect(reason).to_have_class("field has-error")
    expect(reason.locator(".errors")).to_have_text("未采纳的意见必须说明理由。")
    assert not LegalOpinion.objects.exists()
    # The error summary at the top has the focus, and its link leads into the field.
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="未采纳理由").click()
    expect(page.get_by_label("未采纳理由")).to_be_focused()

    page.get_by_label("未采纳理由").fill("项目资金来源已调整，协议暂缓签订。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存。")
    row = page.locator("tbody tr", has_text="老旧小区改造项目合作协议")
    expect(row).to_contain_text("未采纳")
    expect(row).to_contain_text("项目资金来源已调整")
    screenshot("officer-opinion-not-adopted")


def test_officer_submits_the_annual_duty_report_before_the_deadline(
    menu, page, login, screenshot, officer_a, engagement
):
    year = timezone.localdate().year
    login("officer_a")
    menu("年度履职报告")
    page.get_by_label("年度").select_option(str(year))
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("heading", name=f"{year}年度履职报告")).to_be_visible()
    page.locator("tbody tr", has_text="唐立新").get_by_role("link", name="填写报告").click()
    page.get_by_label("年度履职情况总结").fill("全年审查合同12件，出具法律意见5件，开展法治讲座2场。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("草稿")

    page.get_by_label("我确认").check()
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator(".messages")).to_contain_text("报告已按时提交。")
    expect(page.locator(".badge.ok")).to_have_text("按时提交")
    report = DutyReport.objects.get(engagement=engagement, year=year)
    assert report.status == DutyReport.Status.SUBMITTED and not report.is_late
    screenshot("officer-duty-report-submitted")
