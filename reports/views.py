from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Jurisdiction
from accounts.policy import OVERSEE, get_for, policy_for, visible
from audit.trail import record_event
from ui.downloads import as_download, download_name

from . import registry
from .dashboard import dashboard_charts, dashboard_figures
from .models import ReportJob
from .services import report_export, report_job_retry


def _spec_or_404(user, key):
    spec = registry.get(key)
    if spec is None or spec not in registry.available_to(user):
        raise Http404
    return spec


@require_GET
@login_required
def index(request):
    reports = [(spec, spec.form_class(user=request.user)) for spec in registry.available_to(request.user)]
    if not reports:
        raise PermissionDenied  # no report's policy lets this user export it (the menu hides the page too)
    # A unit field over thousands of units searches as the user types: its scripts, once for all the forms.
    media = sum((form.media for _spec, form in reports), forms.Media())
    jobs = visible(request.user, ReportJob).order_by("-created_at")[:10]
    titles = {spec.key: spec.title for spec, _form in reports}
    context = {"reports": reports, "media": media, "jobs": [(job, titles.get(job.kind, job.kind)) for job in jobs]}
    return render(request, "reports/index.html", context)


@require_GET
@login_required
def export(request, key: str):
    spec = _spec_or_404(request.user, key)
    form = spec.form_class(user=request.user, data=request.GET)
    if not form.is_valid():
        context = {"reports": [(spec, form)], "media": form.media, "invalid": True}
        return render(request, "reports/index.html", context, status=400)
    result = report_export(user=request.user, spec=spec, params=form.cleaned_data)
    if isinstance(result, ReportJob):
        return redirect("reports:job", pk=result.pk)
    response = HttpResponse(result.content, content_type="application/pdf")
    return as_download(response, spec.filename(form.cleaned_data))


@require_GET
@login_required
def job(request, pk):
    report_job = get_for(request.user, ReportJob, pk=pk)
    spec = registry.get(report_job.kind)
    context = {"job": report_job, "spec": spec, "failure": _failure(report_job) if report_job.has_failed else ""}
    return render(request, "reports/job.html", context)


@require_GET
@login_required
def job_status(request, pk):
    report_job = get_for(request.user, ReportJob, pk=pk)
    failed = report_job.has_failed
    return JsonResponse(
        {
            "status": ReportJob.Status.FAILED if failed else report_job.status,
            "status_display": report_job.status_label,
            "progress": report_job.progress,
            "download": reverse("reports:job_download", args=[report_job.pk])
            if report_job.status == ReportJob.Status.DONE
            else None,
            "error": _failure(report_job) if failed else "",
        }
    )


def _failure(report_job: ReportJob) -> str:
    if report_job.status == ReportJob.Status.FAILED:
        return report_job.error
    return _("The worker rendering it stopped answering. Try again.")


@require_POST
@login_required
def job_retry(request, pk):
    report_job = get_for(request.user, ReportJob, pk=pk)
    if report_job_retry(job=report_job, actor=request.user):
        messages.success(request, _("The report was queued again."))
    else:
        messages.info(request, _("The report is already queued or done; it was not queued again."))
    return redirect("reports:job", pk=report_job.pk)


@require_GET
@login_required
def job_download(request, pk):
    report_job = get_for(request.user, ReportJob, pk=pk)
    if report_job.status != ReportJob.Status.DONE or not report_job.file:
        raise Http404
    record_event(actor=request.user, event="download_pdf", obj=report_job, report=report_job.kind)
    spec = registry.get(report_job.kind)
    filename = spec.filename(report_job.params) if spec else "report.pdf"
    response = FileResponse(
        report_job.file.open("rb"), as_attachment=True, filename=download_name(filename), content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def dashboard(request):
    if not policy_for(Jurisdiction).can(request.user, OVERSEE):
        raise Http404
    form = DashboardYearForm(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None
    figures = dashboard_figures(request.user, year=year)
    return render(request, "reports/dashboard.html", {**figures, **dashboard_charts(figures), "year_form": form})


class DashboardYearForm(forms.Form):
    """The year every dated block of the dashboard shows; empty: each block's own latest year."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Latest of each"))] + [(y, str(y)) for y in range(this_year, 2019, -1)]
