"""A large report goes through a ReportJob: queued after commit, rendered by the Celery task with
progress, downloaded by its requester. Eager here; on a real worker in the PostgreSQL + Redis run."""

import time

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from reports.models import ReportJob
from tests.world import budget_units

from .demo import export, pdf_text


def _download(client, job):
    response = client.get(reverse("reports:job_download", args=[job.pk]))
    assert response.status_code == 200
    return pdf_text(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_a_fee_summary_above_the_limit_is_rendered_as_a_job(
    client_for, auditor, bureau, finance, city, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_DIRECT_MAX_ROWS = 5
    budget_units(city, 8, bureau=bureau, finance=finance)
    client = client_for(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, "budget-summary", year=2025, through_quarter=4)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    assert job.status == ReportJob.Status.DONE and job.progress == 100 and job.pages >= 1
    text = "".join(_download(client, job).split())
    assert "2025年全年法律服务经费预算与节约情况汇总" in text
    assert "市第000预算单位" in text and "市第007预算单位" in text and "节约20.0万元（25.0%）" in text
    assert LogEntry.objects.filter(
        additional_data__event="export_pdf", additional_data__report="budget-summary"
    ).exists()


@pytest.mark.django_db
def test_a_small_fee_summary_comes_directly(client_for, auditor, bureau, finance, city, settings):
    settings.REPORT_DIRECT_MAX_ROWS = 5
    budget_units(city, 3, bureau=bureau, finance=finance)
    response = export(client_for(auditor), "budget-summary", year=2025, through_quarter=4)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not ReportJob.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_a_large_report(
    celery_worker_process, client_for, auditor, bureau, finance, city, settings
):
    settings.REPORT_DIRECT_MAX_ROWS = 5
    budget_units(city, 40, bureau=bureau, finance=finance)
    client = client_for(auditor)
    response = export(client, "budget-summary", year=2025, through_quarter=4)
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
            break
        time.sleep(0.3)
    assert job.status == ReportJob.Status.DONE, job.error
    status = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert status["progress"] == 100 and status["download"]
    text = "".join(_download(client, job).split())
    assert "市第039预算单位" in text and "节约100.0万元（25.0%）" in text
