"""A report job carries a heartbeat; one whose heartbeat stopped (its worker died) is shown as failed, with a
button that queues it again, once."""

import datetime as dt
import time
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportJob
from reports.services import report_job_run

QUEUE = mock.patch("reports.tasks.render_report_job.delay")


def _job(user, *, status=ReportJob.Status.RUNNING, silent_for=dt.timedelta(minutes=5), progress=60):
    return ReportJob.objects.create(
        requested_by=user,
        kind="test-note",
        params={"text": "心跳"},
        status=status,
        progress=progress,
        heartbeat_at=timezone.now() - silent_for,
    )


@pytest.mark.django_db
def test_a_job_whose_heartbeat_stopped_is_shown_as_failed_with_a_retry_button(note_report, client_for, auditor):
    job = _job(auditor)
    client = client_for(auditor)
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert '<span id="job-status">生成失败</span>' in page
    assert '<div id="job-error">' in page and reverse("reports:job_retry", args=[job.pk]) in page
    status = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert status["status"] == "failed" and status["status_display"] == "生成失败" and status["error"]
    listing = client.get(reverse("reports:index")).content.decode()
    assert "我的后台报表" in listing and "生成失败" in listing


@pytest.mark.django_db
def test_a_job_with_a_recent_heartbeat_is_still_rendering(note_report, client_for, auditor, settings):
    job = _job(auditor, silent_for=dt.timedelta(seconds=settings.REPORT_JOB_RUNNING_STALE_SECONDS - 10))
    page = client_for(auditor).get(reverse("reports:job", args=[job.pk])).content.decode()
    assert '<span id="job-status">生成中</span>' in page
    assert '<div id="job-error" hidden>' in page  # the retry button is not offered


@pytest.mark.django_db
def test_a_queued_job_is_failed_only_after_the_longer_queue_bound(note_report, auditor, settings):
    waiting = _job(auditor, status=ReportJob.Status.QUEUED, silent_for=dt.timedelta(minutes=5), progress=0)
    lost = _job(
        auditor,
        status=ReportJob.Status.QUEUED,
        silent_for=dt.timedelta(seconds=settings.REPORT_JOB_QUEUED_STALE_SECONDS + 1),
        progress=0,
    )
    assert not waiting.has_failed and lost.has_failed


@pytest.mark.django_db
def test_retry_queues_the_job_once_and_renders_it(note_report, client_for, auditor, django_capture_on_commit_callbacks):
    job = _job(auditor)
    client = client_for(auditor)
    url = reverse("reports:job_retry", args=[job.pk])
    with QUEUE as delay, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
        job.refresh_from_db()
        assert job.status == ReportJob.Status.QUEUED and job.progress == 0 and not job.has_failed
        client.post(url)
    delay.assert_called_once_with(str(job.pk))
    assert LogEntry.objects.filter(additional_data__event="retry_report_job").count() == 1
    report_job_run(job_id=job.pk)  # what the one queued task does
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.pages >= 1


@pytest.mark.django_db
def test_a_duplicate_message_after_a_retry_renders_nothing(note_report, auditor):
    job = _job(auditor)
    assert report_job_run(job_id=job.pk) is None  # only a queued job is claimed
    job.refresh_from_db()
    assert job.progress == 60


@pytest.mark.django_db
def test_retry_of_a_job_still_rendering_queues_nothing(
    note_report, client_for, auditor, django_capture_on_commit_callbacks
):
    job = _job(auditor, silent_for=dt.timedelta(seconds=1))
    with QUEUE as delay, django_capture_on_commit_callbacks(execute=True):
        client_for(auditor).post(reverse("reports:job_retry", args=[job.pk]))
    delay.assert_not_called()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING and job.progress == 60


@pytest.mark.django_db
@pytest.mark.parametrize("other", ["bureau", "officer_a"])
def test_another_users_job_cannot_be_retried(
    request, note_report, client_for, auditor, other, django_capture_on_commit_callbacks
):
    job = _job(auditor)
    client = client_for(request.getfixturevalue(other))
    with QUEUE as delay, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[job.pk]))
    assert response.status_code == 404
    delay.assert_not_called()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING


@pytest.mark.django_db
def test_retry_answers_get_with_405(note_report, client_for, auditor):
    job = _job(auditor)
    assert client_for(auditor).get(reverse("reports:job_retry", args=[job.pk])).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_renewed_while_a_long_render_runs(note_report, auditor, settings, monkeypatch):
    settings.REPORT_JOB_HEARTBEAT_SECONDS = 0.05
    job = _job(auditor, status=ReportJob.Status.QUEUED, silent_for=dt.timedelta(0), progress=0)
    beats = []

    def slow_render(template_name, context):
        started = ReportJob.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.5)  # one long step without progress calls, as a big WeasyPrint layout is
        beats.append(ReportJob.objects.get(pk=job.pk).heartbeat_at - started)
        return real_render(template_name, context)

    real_render = services.render_pdf
    monkeypatch.setattr(services, "render_pdf", slow_render)
    assert report_job_run(job_id=job.pk).status == ReportJob.Status.DONE
    assert beats and beats[0] >= dt.timedelta(seconds=0.2)
