from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.forms import apply_errors, report_errors
from accounts.once import create_once
from accounts.policy import ADD, CHANGE, VIEW, get_for, policy_for, require
from audit.trail import record_event
from contracts.uploads import attachment_response
from ui.listing import paginate

from ..forms import STATE_CHOICES, AttachmentForm, ConfirmForm, DutyReportForm, ReturnForm
from ..models import DutyReport, DutyReportAttachment
from ..policies import RETURN
from ..records import duty_counts, engagements_due
from ..selectors import duty_report_counts, duty_report_rows
from ..services import duty_report_attach, duty_report_return, duty_report_save, duty_report_submit
from .common import list_filters


@require_GET
@login_required
def duty_reports(request):
    require(request.user, DutyReport, VIEW)
    year, state, search, years = list_filters(request)
    rows = duty_report_rows(request.user, year=year, state=state, search=search)
    return render(
        request,
        "reviews/duty_reports.html",
        {
            "page": paginate(request, rows),
            "year": year,
            "years": years,
            "state": state,
            "q": search,
            "states": STATE_CHOICES,
            "counts": duty_report_counts(request.user, year=year),
            "may_write": policy_for(DutyReport).can(request.user, ADD),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def duty_report_edit(request, engagement_pk: int, year: int):
    engagement = get_for(request.user, engagements_due(year).select_related("adviser", "unit"), pk=engagement_pk)
    report = DutyReport.objects.filter(engagement=engagement, year=year).first()
    if not policy_for(DutyReport).can(request.user, CHANGE if report else ADD, report):
        raise PermissionDenied
    if report and report.is_submitted:
        return redirect("reviews:duty_report_detail", pk=report.pk)
    if request.method == "POST" and (earlier := once.resent(request)):
        return redirect("reviews:duty_report_detail", pk=earlier.pk)
    form = DutyReportForm(
        request.POST if request.method == "POST" else None, initial={"summary": report.summary if report else ""}
    )
    if request.method == "POST" and form.is_valid():
        summary = form.cleaned_data["summary"]
        try:
            report, created = once.save_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                creating=report is None,
                save=lambda: duty_report_save(engagement=engagement, year=year, summary=summary, actor=request.user),
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
            return redirect("reviews:duty_report_detail", pk=report.pk)
    return render(
        request,
        "reviews/duty_report_edit.html",
        {
            "engagement": engagement,
            "year": year,
            "report": report,
            "form": form,
            "counts": duty_counts(engagement, year),
        },
    )


def _report_for(user, pk, action="view"):
    return get_for(
        user,
        DutyReport.objects.select_related("engagement__adviser", "engagement__unit", "submitted_by", "returned_by"),
        action,
        pk=pk,
    )


def _detail(request, report, *, attachment_form=None, return_form=None, status=200):
    """The report page; the forms (blank unless given) only for what this user may still do to it."""
    policy = policy_for(DutyReport)
    return render(
        request,
        "reviews/duty_report_detail.html",
        {
            "report": report,
            "attachments": report.attachments.select_related("uploaded_by"),
            "may_change": not report.is_submitted and policy.can(request.user, CHANGE, report),
            "may_return": report.is_submitted and policy.can(request.user, RETURN, report),
            "attachment_form": attachment_form or AttachmentForm(),
            "confirm_form": ConfirmForm(),
            "return_form": return_form or ReturnForm(),
        },
        status=status,
    )


@require_GET
@login_required
def duty_report_detail(request, pk: int):
    return _detail(request, _report_for(request.user, pk))


@require_POST
@login_required
def duty_report_submit_view(request, pk: int):
    report = _report_for(request.user, pk, CHANGE)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the confirmation to submit the report."))
        return redirect("reviews:duty_report_detail", pk=report.pk)
    try:
        report = duty_report_submit(report=report, actor=request.user)
    except ValidationError as exc:
        report_errors(request, exc)
        return redirect("reviews:duty_report_detail", pk=report.pk)
    if report.is_late:
        messages.warning(request, _("The report was submitted after the deadline and is marked late."))
    else:
        messages.success(request, _("The report was submitted on time."))
    return redirect("reviews:duty_report_detail", pk=report.pk)


@require_POST
@login_required
def duty_report_attach_view(request, pk: int):
    report = _report_for(request.user, pk, CHANGE)
    if once.resent(request):
        return redirect("reviews:duty_report_detail", pk=report.pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment, created = create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: duty_report_attach(report=report, upload=upload, actor=request.user),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("The attachment was uploaded."))
            else:
                messages.info(request, once.already_sent_message(attachment))
            return redirect("reviews:duty_report_detail", pk=report.pk)
    return _detail(request, report, attachment_form=form, status=400)


@require_POST
@login_required
def duty_report_return_view(request, pk: int):
    report = _report_for(request.user, pk, RETURN)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            duty_report_return(report=report, reason=form.cleaned_data["return_reason"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The report was returned; the adviser and the unit were told why."))
            return redirect("reviews:duty_report_detail", pk=report.pk)
    return _detail(request, report, return_form=form, status=400)


@require_GET
@login_required
def attachment_download(request, pk: int):
    attachment = get_for(request.user, DutyReportAttachment, pk=pk)
    record_event(actor=request.user, event="download_attachment", obj=attachment)
    return attachment_response(attachment.file, attachment.download_name())
