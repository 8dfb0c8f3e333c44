"""Exporting a report: small ones are rendered in the request, large ones by a Celery task."""

from __future__ import annotations

import datetime as dt
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.jurisdictions import top_of
from audit.trail import record_event

from .models import ReportJob
from .pdf import RenderedPdf, render_pdf
from .registry import ReportSpec, available_to
from .registry import get as get_spec


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return [obj.pk for obj in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def params_to_json(cleaned_data: dict) -> dict:
    return {key: _jsonable(value) for key, value in cleaned_data.items() if value not in (None, "", [])}


def _check(user, spec: ReportSpec) -> None:
    if spec not in available_to(user):
        raise PermissionDenied


def _issuer(user) -> str:
    """The summaries are issued by the justice bureau of the jurisdiction the user works in (an officer's:
    that of their unit); a superuser without a unit prints the top level's."""
    jurisdiction = user.unit.jurisdiction if user.unit_id else top_of(None)
    return jurisdiction.bureau_name if jurisdiction else ""


def _render(*, user, spec: ReportSpec, params: dict, progress=lambda percent: None) -> RenderedPdf:
    context = spec.build(user=user, params=params, progress=progress)
    context.setdefault("issued_on", timezone.localdate())
    context.setdefault("counted_pages", spec.counted_pages)
    context.setdefault("issuer", _issuer(user))
    progress(60)
    return render_pdf(spec.template, context)


def report_export(*, user, spec: ReportSpec, params: dict) -> RenderedPdf | ReportJob:
    """Render now when small; otherwise queue a job (after commit) and return it."""
    _check(user, spec)
    if spec.row_count(user=user, params=params) <= settings.REPORT_DIRECT_MAX_ROWS:
        pdf = _render(user=user, spec=spec, params=params)
        record_event(actor=user, event="export_pdf", report=spec.key, params=params_to_json(params), pages=pdf.pages)
        return pdf
    job = ReportJob.objects.create(requested_by=user, kind=spec.key, params=params_to_json(params))
    from .tasks import render_report_job

    transaction.on_commit(lambda: render_report_job.delay(str(job.pk)))
    return job


@contextmanager
def _heartbeat(job_pk) -> Iterator[None]:
    """Renew the job's heartbeat every REPORT_JOB_HEARTBEAT_SECONDS while the body runs, from a thread, since
    one WeasyPrint render can take minutes without a progress step. A killed worker takes the thread with it,
    and the silence shows the job as failed."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.REPORT_JOB_HEARTBEAT_SECONDS):
                ReportJob.objects.filter(pk=job_pk, status=ReportJob.Status.RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name=f"report-job-heartbeat-{job_pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def report_job_run(*, job_id) -> ReportJob | None:
    """Render a queued job. Only a queued job is claimed: a duplicate message (a retry whose first message
    turned up after all) finds it rendering or done and leaves it alone."""
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
        status=ReportJob.Status.RUNNING, progress=5, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    spec = get_spec(job.kind)

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=min(int(percent), 99), heartbeat_at=timezone.now())

    try:
        if spec is None:
            raise LookupError(f"unknown report {job.kind}")
        _check(job.requested_by, spec)
        form = spec.form_class(user=job.requested_by, data=job.params)
        if not form.is_valid():
            raise ValueError(form.errors.as_text())
        with _heartbeat(job.pk):
            pdf = _render(user=job.requested_by, spec=spec, params=form.cleaned_data, progress=progress)
    except Exception as exc:  # any failure is reported to the requester instead of a stuck job
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=f"{exc.__class__.__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        if not isinstance(exc, PermissionDenied | ValueError | LookupError):
            traceback.print_exc()
        return ReportJob.objects.get(pk=job.pk)
    job.file.save(spec.filename(form.cleaned_data), ContentFile(pdf.content), save=False)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE, progress=100, pages=pdf.pages, file=job.file.name, finished_at=timezone.now()
    )
    record_event(
        actor=job.requested_by, event="export_pdf", obj=job, report=spec.key, params=job.params, pages=pdf.pages
    )
    return ReportJob.objects.get(pk=job.pk)


def report_job_retry(*, job: ReportJob, actor) -> bool:
    """Queue a failed (or silent) job again; True if it was queued now. Checked like the export itself. Locked
    and re-read, so that a second click, or two at once, finds it queued afresh and queues nothing."""
    spec = get_spec(job.kind)
    if spec is None:
        raise PermissionDenied
    _check(actor, spec)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if not job.has_failed:
            return False
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.QUEUED, progress=0, error="", finished_at=None, heartbeat_at=timezone.now()
        )
        record_event(actor=actor, event="retry_report_job", obj=job, report=job.kind, previous_status=job.status)
        from .tasks import render_report_job

        transaction.on_commit(lambda: render_report_job.delay(str(job.pk)))
    return True
