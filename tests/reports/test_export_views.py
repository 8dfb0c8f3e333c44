import io

from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ReportJob


def test_a_small_report_comes_directly_as_a_pdf_attachment_and_is_audited(client_for, auditor, note_report):
    response = client_for(auditor).get(reverse("reports:export", args=["test-note"]), {"text": "株洲市审计局导出"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "株洲市审计局导出" in text
    entry = LogEntry.objects.get(additional_data__event="export_pdf")
    assert entry.actor == auditor
    assert entry.additional_data["report"] == "test-note"


def test_a_large_report_is_rendered_in_the_background_with_progress(
    client_for, auditor, note_report, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_DIRECT_MAX_ROWS = 10
    client = client_for(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:export", args=["test-note"]), {"rows": 50})
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    page = client.get(response["Location"])
    assert "report-job.js" in page.content.decode()
    status = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100
    download = client.get(status["download"])
    assert download.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert "第49行" in "".join(p.extract_text() for p in pdf.pages)


def test_someone_elses_report_job_is_a_404(
    client_for, auditor, bureau, note_report, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_DIRECT_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        client_for(auditor).get(reverse("reports:export", args=["test-note"]), {"rows": 1})
    job = ReportJob.objects.get()
    other = client_for(bureau)
    for name in ["reports:job", "reports:job_status", "reports:job_download"]:
        assert other.get(reverse(name, args=[job.pk])).status_code == 404


def test_roles_without_the_report_get_a_404(client_for, finance, officer_a, note_report):
    for user in (finance, officer_a):
        assert client_for(user).get(reverse("reports:export", args=["test-note"])).status_code == 404


def test_bad_parameters_are_refused_with_a_message_and_nothing_is_exported(client_for, auditor, note_report):
    response = client_for(auditor).get(reverse("reports:export", args=["test-note"]), {"rows": "-3"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_rows_error"' in page and "确保该值大于或等于0" in page  # next to the field that caused it
    assert not LogEntry.objects.filter(additional_data__event="export_pdf").exists()


def test_export_refuses_post(client_for, auditor, note_report):
    assert client_for(auditor).post(reverse("reports:export", args=["test-note"])).status_code == 405


def test_the_reports_page_lists_what_the_role_may_export(client_for, auditor, finance, note_report):
    assert "测试报告" in client_for(auditor).get(reverse("reports:index")).content.decode()
    assert "测试报告" not in client_for(finance).get(reverse("reports:index")).content.decode()
