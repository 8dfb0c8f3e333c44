"""换届遴选 end to end in a browser: an anonymous visitor reads the notice, registers (following the emailed link),
applies with PDFs; the bureau passes the application; the panel scores; the proposed list is announced (公示);
after it the bureau appoints, and the appointment letter's PDF names the adviser, the number and the term."""

import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from selection.models import Application, NoticePosition
from selection.panel.selectors import publicity_days
from tests.factories import PASSWORD, closed_notice, make_user, pdf_bytes, scored, selection_panel

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
EMAIL = "zhou.mingyuan@example.cn"


def beijing(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


@pytest.fixture
def notice(bureau, city):
    notice = closed_notice(bureau, city, publicity_days=1, title="株洲市人民政府法律顾问遴选公告")
    # Open until tomorrow evening: the visitor applies today, the panel meets after the deadline.
    notice.closes_at = beijing(timezone.localdate() + dt.timedelta(days=1), 18)
    notice.save(update_fields=["closes_at"])
    NoticePosition.objects.create(notice=notice, kind="lawyer", count=8)
    return notice


def test_from_the_public_notice_to_the_appointment_letter(
    page, login, login_with_code, tmp_path, bureau, notice, screenshot
):
    evaluators = [make_user(f"expert{i}", Role.EVALUATOR, last_name="专家", first_name=str(i)) for i in range(1, 4)]
    selection_panel(bureau, notice, evaluators)
    today = timezone.localdate()

    # An anonymous visitor reads the notice on the public pages.
    page.goto(page.base + "/selection/")
    page.get_by_role("link", name=notice.title).click()
    expect(page.get_by_role("heading", name=notice.title)).to_be_visible()

    # Registers, and follows the link the confirmation email carries.
    page.goto(page.base + "/selection/register/")
    page.get_by_label("电子邮件").fill(EMAIL)
    page.get_by_label(re.compile("^姓")).fill("周")
    page.get_by_label(re.compile("^名")).fill("明远")
    page.get_by_label(re.compile("^密码")).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    link = re.search(r"https?://\S+/selection/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="确认账号").click()

    # Signs in and applies with the three PDFs.
    login(EMAIL)
    page.goto(page.base + f"/selection/notices/{notice.pk}/apply/")
    page.get_by_label("申请人类别").select_option("lawyer")
    page.get_by_label("名称").fill("周明远")
    page.get_by_label("执业证号").fill("14302201811234567")
    page.get_by_label("所在律师事务所或单位").fill("湖南湘楚律师事务所")
    page.get_by_label("执业（从业）年限").fill("12")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_role("button", name="保存草稿").click()
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(pdf_bytes())
    for kind in ("licence", "cv", "commitment"):
        page.get_by_label("材料类型").select_option(kind)
        page.get_by_label("文件（PDF）").set_input_files(str(pdf))
        page.get_by_role("button", name="上传").click()
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="提交申请").click()
    application = Application.objects.get(name="周明远")
    assert application.state == Application.State.SUBMITTED
    assert application.documents.count() == 3

    # After the deadline: the bureau passes the application.
    with time_machine.travel(beijing(today + dt.timedelta(days=2), 9), tick=True) as traveller:
        login_with_code(bureau)
        page.goto(page.base + f"/selection/applications/{application.pk}/review/")
        page.get_by_label("资格审查", exact=False).first.check()
        page.get_by_role("button", name="记录审查结论").click()
        expect(page.locator(".messages")).to_contain_text("资格审查结果已记录")

        # The panel scores: one evaluator in the browser, the others through the service.
        page.context.clear_cookies()
        login(evaluators[0].username)
        page.goto(page.base + "/selection/panels/")
        page.get_by_role("link", name=notice.title).click()
        page.get_by_role("link", name="周明远").click()
        page.get_by_label("本人与该申请人无利益冲突").check()
        page.get_by_role("button", name="提交声明").click()
        for field in page.locator("input[name^=criterion_]").all():
            field.fill("88")
        page.get_by_role("button", name="提交评分").click()
        expect(page.locator(".messages")).to_contain_text("评分已保存")
        application.refresh_from_db()
        for evaluator in evaluators[1:]:
            scored(evaluator, application, 90, 86, 84)

        # 公示: the bureau publishes the proposed list; anyone reads it on the public page.
        page.context.clear_cookies()
        traveller.shift(dt.timedelta(minutes=2))  # a TOTP code is accepted once: the next one
        login_with_code(bureau)
        page.goto(page.base + f"/selection/manage/{notice.pk}/panel/")
        page.get_by_label(re.compile("周明远")).check()
        page.get_by_role("button", name="公示拟聘名单").click()
        expect(page.locator(".messages")).to_contain_text("拟聘名单已公示")
        page.context.clear_cookies()
        page.goto(page.base + f"/selection/notices/{notice.pk}/publicity/")
        expect(page.locator("tbody")).to_contain_text("周明远")
        screenshot("selection-publicity")

    # The day after the 公示: the bureau appoints, and downloads the letter.
    notice.refresh_from_db()
    after = publicity_days(notice)[1] + dt.timedelta(days=1)
    with time_machine.travel(beijing(after, 10), tick=True):
        login_with_code(bureau)
        page.goto(page.base + f"/selection/manage/{notice.pk}/panel/")
        page.locator("#id_signatory").fill("曹慧泉")
        page.get_by_role("button", name="决定聘任").click()
        page.get_by_role("dialog").get_by_role("button", name="确定").click()
        expect(page.locator(".messages")).to_contain_text("已决定聘任")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载PDF").click()
        content = Path(download.value.path()).read_bytes()

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace(" ", "")
    engagement = application.adviser.engagements.get(start_date=notice.round.new_term_start)
    start, end = engagement.start_date, engagement.end_date
    assert "周明远" in text
    assert f"株政聘〔{after.year}〕1号" in text
    assert f"{start.year}年{start.month}月{start.day}日" in text and f"{end.year}年{end.month}月{end.day}日" in text
    assert download.value.suggested_filename == f"株政聘〔{after.year}〕1号-周明远聘书.pdf"
