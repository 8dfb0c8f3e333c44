"""The duty report, its attachments, the assessment and the unit's work report are created from forms that carry
a one-time token: the same form sent twice creates one record, and a POST without the token creates nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Assessment, DutyReport, DutyReportAttachment, UnitWorkReport
from tests.conftest import MISSING_TOKEN, fresh_token, once, post_twice
from tests.factories import pdf_bytes

from .test_assessment_pages import score_form


def test_the_same_duty_report_form_sent_twice_creates_one_report(client_for, officer_a, engagement_a):
    url = reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025])
    first, second = post_twice(client_for(officer_a), page=url, url=url, data={"summary": "全年出具法律意见5件。"})
    report = DutyReport.objects.get()
    assert first["Location"] == reverse("reviews:duty_report_detail", args=[report.pk])
    assert second.redirect_chain[0][0] == first["Location"] and "已提交过" in second.content.decode()


def test_a_duty_report_post_without_its_token_creates_nothing(client_for, officer_a, engagement_a):
    url = reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025])
    page = client_for(officer_a).post(url, {"summary": "总结"}).content.decode()
    assert MISSING_TOKEN in page and not DutyReport.objects.exists()
    # The form shown again carries a fresh token, so sending it once more works.
    assert 'name="once_token" value="' in page


def test_the_same_attachment_form_sent_twice_attaches_one_file(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    detail = reverse("reviews:duty_report_detail", args=[report.pk])
    data = {"once_token": fresh_token(client, detail)}
    url = reverse("reviews:duty_report_attach", args=[report.pk])
    first = client.post(url, {**data, "file": SimpleUploadedFile("报告.pdf", pdf_bytes(), "application/pdf")})
    second = client.post(
        url, {**data, "file": SimpleUploadedFile("报告.pdf", pdf_bytes(), "application/pdf")}, follow=True
    )
    assert first.status_code == 302 and DutyReportAttachment.objects.count() == 1
    assert "已提交过" in second.content.decode()


def test_an_attachment_post_without_its_token_attaches_nothing(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
    report = DutyReport.objects.get()
    upload = SimpleUploadedFile("报告.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(reverse("reviews:duty_report_attach", args=[report.pk]), {"file": upload})
    assert response.status_code == 400 and MISSING_TOKEN in response.content.decode()
    assert not DutyReportAttachment.objects.exists()


def test_the_same_assessment_form_sent_twice_creates_one_assessment(client_for, officer_a, engagement_a, veto_items):
    url = reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025])
    first, second = post_twice(client_for(officer_a), page=url, url=url, data=score_form(2025, "95", "91"))
    assert first.status_code == 302 and Assessment.objects.count() == 1
    assert "已提交过" in second.content.decode()


def test_an_assessment_post_without_its_token_creates_nothing(client_for, officer_a, engagement_a, veto_items):
    url = reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025])
    response = client_for(officer_a).post(url, score_form(2025, "95", "91"))
    assert MISSING_TOKEN in response.content.decode() and not Assessment.objects.exists()


def test_the_same_work_report_form_sent_twice_creates_one_report(client_for, county_unit_officer):
    url = reverse("reviews:work_report_edit", args=[2025])
    first, second = post_twice(client_for(county_unit_officer), page=url, url=url, data={"summary": "聘请2名。"})
    assert first.status_code == 302 and UnitWorkReport.objects.count() == 1
    assert "已提交过" in second.content.decode()


def test_a_work_report_post_without_its_token_creates_nothing(client_for, county_unit_officer):
    response = client_for(county_unit_officer).post(reverse("reviews:work_report_edit", args=[2025]), {"summary": "x"})
    assert MISSING_TOKEN in response.content.decode() and not UnitWorkReport.objects.exists()
