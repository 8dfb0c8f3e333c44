"""The officer writes, attaches and submits a duty report in the portal; the list counts queries."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import DutyReport
from tests.conftest import once
from tests.contracts.test_uploads import JS_ACTION, pdf_with
from tests.factories import EngagementFactory, pdf_bytes

UTC = datetime.UTC


def test_the_officer_writes_and_submits_a_report_on_time(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    page = client.get(reverse("reviews:duty_reports") + "?year=2025").content.decode()
    assert "唐立新" in page and "未提交" in page
    response = client.post(
        reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "全年出具法律意见5件。"})
    )
    report = DutyReport.objects.get()
    assert response["Location"] == reverse("reviews:duty_report_detail", args=[report.pk])
    with time_machine.travel(datetime.datetime(2025, 12, 31, 15, 30, tzinfo=UTC), tick=False):
        response = client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {"confirm": "on"}, follow=True)
    assert "报告已按时提交。" in response.content.decode()
    assert "2025年12月31日 23:30:00" in response.content.decode()  # shown in Beijing time


def test_a_late_submission_is_marked_late(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    with time_machine.travel(datetime.datetime(2025, 12, 31, 16, 30, tzinfo=UTC), tick=False):
        response = client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {"confirm": "on"}, follow=True)
    assert "已标记为逾期" in response.content.decode()
    page = client.get(reverse("reviews:duty_reports") + "?year=2025&state=late").content.decode()
    assert "逾期提交" in page and "唐立新" in page


def test_submitting_needs_the_confirmation_and_a_summary(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": ""}))
    report = DutyReport.objects.get()
    response = client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {}, follow=True)
    assert "请勾选确认后再提交报告。" in response.content.decode()
    response = client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {"confirm": "on"}, follow=True)
    assert "提交前请填写年度履职情况总结。" in response.content.decode()
    assert DutyReport.objects.get().status == DutyReport.Status.DRAFT


def test_attachments_download_under_names_made_from_the_report(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    for name in ["evil.html", "x.svg"]:
        upload = SimpleUploadedFile(name, pdf_bytes(1), content_type="text/html")
        assert (
            client.post(reverse("reviews:duty_report_attach", args=[report.pk]), once({"file": upload})).status_code
            == 302
        )
    second = report.attachments.order_by("pk").last()
    download = client.get(reverse("reviews:attachment_download", args=[second.pk]))
    # RFC 6266 / 5987: the UTF-8 name percent-encoded in filename*, "2025年度履职报告附件2.pdf".
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''2025%E5%B9%B4%E5%BA%A6%E5%B1%A5%E8%81%8C%E6%8A%A5%E5%91%8A%E9%99%84%E4%BB%B62.pdf"
    )


def test_an_attachment_with_javascript_is_refused_on_the_field(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    upload = SimpleUploadedFile("a.pdf", pdf_with(OpenAction=JS_ACTION), content_type="application/pdf")
    response = client.post(reverse("reviews:duty_report_attach", args=[report.pk]), once({"file": upload}))
    assert response.status_code == 400
    assert "该PDF含有JavaScript脚本，不予接收。" in response.content.decode()
    assert not report.attachments.exists()


def test_a_year_outside_the_term_is_not_found(client_for, officer_a, engagement_a):
    assert (
        client_for(officer_a).get(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2030])).status_code == 404
    )


def test_a_real_pdf_is_attached_and_downloaded_only_as_an_attachment(client_for, officer_a, engagement_a, officer_b):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    upload = SimpleUploadedFile("年度履职报告.pdf", pdf_bytes(2), content_type="application/pdf")
    response = client.post(reverse("reviews:duty_report_attach", args=[report.pk]), once({"file": upload}))
    assert response.status_code == 302
    attachment = report.attachments.get()
    assert attachment.file.name.startswith("reviews/duty_reports/2025/") and "年度" not in attachment.file.name
    download = client.get(reverse("reviews:attachment_download", args=[attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client_for(officer_b).get(reverse("reviews:attachment_download", args=[attachment.pk])).status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 this is an executable", "文件不是PDF文档。"),
        (b"%PDF-1.7\n garbage without pages", "PDF文件已损坏，无法打开。"),
    ],
)
def test_files_that_are_not_real_pdfs_are_refused_next_to_the_field(
    client_for, officer_a, engagement_a, content, message
):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    upload = SimpleUploadedFile("报告.pdf", content, content_type="application/pdf")
    response = client.post(reverse("reviews:duty_report_attach", args=[report.pk]), once({"file": upload}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not report.attachments.exists()


def test_a_file_over_the_size_limit_is_refused(client_for, officer_a, engagement_a, settings):
    settings.MAX_UPLOAD_SIZE = 100
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    upload = SimpleUploadedFile("报告.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(reverse("reviews:duty_report_attach", args=[report.pk]), once({"file": upload}))
    assert "文件过大" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_the_same_number_of_queries_for_3_and_30_rows(
    client_for, bureau, unit_a, rows, django_assert_num_queries
):
    for n in range(rows):
        engagement = EngagementFactory(unit=unit_a)
        if n % 2:
            DutyReport.objects.create(
                engagement=engagement, year=2025, deadline=datetime.datetime(2026, 1, 1, tzinfo=UTC)
            )
    client = client_for(bureau)
    # session, user (with unit and jurisdiction), the bureau account's TOTP device, savepoint,
    # page count, submitted counts, due count, page rows, release
    with django_assert_num_queries(9):
        response = client.get(reverse("reviews:duty_reports") + "?year=2025")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


def test_an_adviser_with_an_account_writes_their_own_report_only(client_for, engagement_a, engagement_b):
    from accounts.roles import Role
    from tests.conftest import once
    from tests.factories import make_user

    adviser_user = make_user("adviser_user", Role.ADVISER, adviser=engagement_a.adviser)
    client = client_for(adviser_user)
    page = client.get(reverse("reviews:duty_reports") + "?year=2025").content.decode()
    assert "唐立新" in page and "贺振华" not in page
    client.post(
        reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "本人全年履职情况。"})
    )
    assert DutyReport.objects.get().engagement == engagement_a
    assert client.get(reverse("reviews:duty_report_edit", args=[engagement_b.pk, 2025])).status_code == 404


def test_the_history_names_the_person_and_role_never_the_username(client_for, officer_a, engagement_a):
    officer_a.last_name, officer_a.first_name = "李", "芳"
    officer_a.save()
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    page = client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {"confirm": "on"}, follow=True)
    text = page.content.decode()
    assert "由 李芳（单位法制工作人员） 于" in text
    assert "由 officer_a" not in text
