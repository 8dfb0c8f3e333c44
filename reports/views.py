from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.audit import record_event
from accounts.downloads import as_download, download_name
from accounts.models import Jurisdiction
from accounts.policy import OVERSEE, get_for, policy_for

from . import registry
from .dashboard import dashboard_charts, dashboard_figures
from .models import ReportJob
from .services import report_export


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
    return render(request, "reports/index.html", {"reports": reports, "media": media})


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
    return render(request, "reports/job.html", {"job": report_job, "spec": spec})


@require_GET
@login_required
def job_status(request, pk):
    report_job = get_for(request.user, ReportJob, pk=pk)
    return JsonResponse(
        {
            "status": report_job.status,
            "status_display": report_job.get_status_display(),
            "progress": report_job.progress,
            "download": reverse("reports:job_download", args=[report_job.pk])
            if report_job.status == ReportJob.Status.DONE
            else None,
            "error": report_job.error if report_job.status == ReportJob.Status.FAILED else "",
        }
    )


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

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Latest of each"))] + [(y, str(y)) for y in range(this_year, 2019, -1)]
