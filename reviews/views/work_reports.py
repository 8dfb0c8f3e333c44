from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.forms import apply_errors
from accounts.models import Jurisdiction
from accounts.policy import OVERSEE, VIEW, get_for, home_unit_id, policy_for, require
from ui.listing import paginate

from ..forms import WORK_STATUS_CHOICES, ConfirmForm, ReviewForm, WorkReportForm
from ..models import UnitWorkReport
from ..policies import REVIEW, SUBMIT
from ..records import unit_year_figures
from ..selectors import county_progress, work_report_rows
from ..services import work_report_accept, work_report_return, work_report_save, work_report_submit
from .common import list_filters


@require_GET
@login_required
def work_reports(request):
    """Officers: their unit's report and those sent to them. Bureau and auditors: every report and the counties."""
    require(request.user, UnitWorkReport, VIEW)
    year, status, _search, years = list_filters(request)
    user = request.user
    # Those who write a unit's report see their own and the ones sent to their unit; overseers every one.
    writes_own = policy_for(UnitWorkReport).can(user, SUBMIT)
    own = UnitWorkReport.objects.filter(unit_id=home_unit_id(user), year=year).first() if writes_own else None
    rows = work_report_rows(user, year=year, status=status, received_only=writes_own)
    return render(
        request,
        "reviews/work_reports.html",
        {
            "page": paginate(request, rows),
            "year": year,
            "years": years,
            "state": status,
            "statuses": WORK_STATUS_CHOICES,
            "own": own,
            "may_write": writes_own,
            "counties": county_progress(user, year=year) if policy_for(Jurisdiction).can(user, OVERSEE) else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def work_report_edit(request, year: int):
    """The signed-in officer's own unit's report for the year."""
    user = request.user
    require(user, UnitWorkReport, SUBMIT)
    if not 2000 <= year <= 2100:
        raise Http404
    report = UnitWorkReport.objects.filter(unit_id=user.unit_id, year=year).first()
    if report and not report.is_editable:
        return redirect("reviews:work_report_detail", pk=report.pk)
    if request.method == "POST" and (earlier := once.resent(request)):
        return redirect("reviews:work_report_detail", pk=earlier.pk)
    form = WorkReportForm(
        request.POST if request.method == "POST" else None, initial={"summary": report.summary if report else ""}
    )
    if request.method == "POST" and form.is_valid():
        summary = form.cleaned_data["summary"]
        try:
            report, created = once.save_once(
                user=user,
                token=form.cleaned_data[once.FIELD],
                creating=report is None,
                save=lambda: work_report_save(unit=user.unit, year=year, summary=summary, actor=user),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except IntegrityError:
            form.add_error(None, _("Someone else saved this report at the same time; reload the page and try again."))
        else:
            if created:
                messages.success(request, _("The draft report was saved."))
            else:
                messages.info(request, once.already_sent_message(report))
            return redirect("reviews:work_report_detail", pk=report.pk)
    return render(
        request,
        "reviews/work_report_edit.html",
        {
            "year": year,
            "report": report,
            "form": form,
            "figures": unit_year_figures(user.unit, year),
            "unit": user.unit,
        },
    )


def _report_for(user, pk, action="view"):
    queryset = UnitWorkReport.objects.select_related("unit", "recipient", "submitted_by", "reviewed_by")
    return get_for(user, queryset, action, pk=pk)


def _detail(request, report, *, review_form=None, confirm_form=None, status=200):
    policy = policy_for(UnitWorkReport)
    return render(
        request,
        "reviews/work_report_detail.html",
        {
            "report": report,
            "may_submit": report.is_editable and policy.can(request.user, SUBMIT, report),
            "may_review": report.status == UnitWorkReport.Status.SUBMITTED and policy.can(request.user, REVIEW, report),
            "review_form": review_form or ReviewForm(),
            "confirm_form": confirm_form or ConfirmForm(),
        },
        status=status,
    )


@require_GET
@login_required
def work_report_detail(request, pk: int):
    return _detail(request, _report_for(request.user, pk))


@require_POST
@login_required
def work_report_submit_view(request, pk: int):
    report = _report_for(request.user, pk, SUBMIT)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            work_report_submit(report=report, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The report was submitted to %(unit)s.") % {"unit": report.unit.parent})
            return redirect("reviews:work_report_detail", pk=report.pk)
    return _detail(request, report, confirm_form=form, status=400)


@require_POST
@login_required
def work_report_review(request, pk: int):
    report = _report_for(request.user, pk, REVIEW)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "accept":
                work_report_accept(report=report, actor=request.user)
                messages.success(request, _("The report was accepted."))
            else:
                work_report_return(report=report, reason=form.cleaned_data["return_reason"], actor=request.user)
                messages.success(request, _("The report was returned to the unit."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("reviews:work_report_detail", pk=report.pk)
    return _detail(request, report, review_form=form, status=400)
