from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import advisers_among, bureau_staff_of, officers_of
from accounts.services import notify
from advisers.models import Engagement
from audit.trail import acting_as
from contracts.uploads import validate_pdf_upload

from ..models import DutyReport, DutyReportAttachment, report_deadline
from ..records import duty_counts, engagements_in_year


def _fill_counts(report: DutyReport) -> None:
    for field, value in duty_counts(report.engagement, report.year).items():
        setattr(report, field, value)


def duty_report_save(*, engagement: Engagement, year: int, summary: str, actor) -> DutyReport:
    """Create or update the draft report of an engagement for a year; the counts come from the records."""
    if not engagements_in_year(year).filter(pk=engagement.pk).exists():
        raise ValidationError({"year": _("The engagement's term does not cover %(year)s.") % {"year": year}})
    with transaction.atomic(), acting_as(actor):
        report = DutyReport.objects.select_for_update().filter(engagement=engagement, year=year).first()
        if report is None:
            report = DutyReport(engagement=engagement, year=year, deadline=report_deadline(year))
        elif report.is_submitted:
            raise ValidationError(_("This report has been submitted and can no longer be changed."))
        report.engagement = engagement
        report.summary = summary.strip()
        _fill_counts(report)
        report.full_clean()
        report.save()
    return report


def duty_report_submit(*, report: DutyReport, actor) -> DutyReport:
    """Submit a draft; whether it is late follows from the time of submission and the Beijing deadline."""
    with transaction.atomic(), acting_as(actor):
        report = (
            DutyReport.objects.select_for_update(of=("self",))
            .select_related("engagement__unit", "engagement__adviser")
            .get(pk=report.pk)
        )
        if report.is_submitted:
            raise ValidationError(_("This report has already been submitted."))
        if not report.summary.strip():
            raise ValidationError({"summary": _("Write a summary of the year's work before submitting.")})
        resubmitted = report.is_returned
        _fill_counts(report)
        report.status = DutyReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.is_late = report.submitted_at >= report.deadline
        report.full_clean()
        report.save()
        engagement = report.engagement
        names = {"adviser": engagement.adviser.name, "year": report.year, "unit": engagement.unit}
        if resubmitted:
            title = _("%(adviser)s's %(year)s duty report for %(unit)s was corrected and submitted again") % names
        else:
            title = _("%(adviser)s's %(year)s duty report for %(unit)s was submitted") % names
        # The bureau assesses on it; the unit and the adviser each may have written it.
        notify(
            bureau_staff_of(engagement.unit.jurisdiction_id)
            | officers_of([engagement.unit_id])
            | advisers_among([engagement.adviser_id]),
            kind="duty_report:submitted",
            title=title,
            link=reverse("reviews:duty_report_detail", args=[report.pk]),
            actor=actor,
        )
    return report


def duty_report_return(*, report: DutyReport, reason: str, actor) -> DutyReport:
    """Send a submitted report back with the reason: the adviser (and the unit) correct it and submit again.
    Whether the report is late is decided again by that next submission."""
    if not reason.strip():
        raise ValidationError({"return_reason": _("Give the reason for returning the report.")})
    with transaction.atomic(), acting_as(actor):
        report = (
            DutyReport.objects.select_for_update(of=("self",))
            .select_related("engagement__unit", "engagement__adviser")
            .get(pk=report.pk)
        )
        if not report.is_submitted:
            raise ValidationError(_("Only a submitted report can be returned."))
        report.status = DutyReport.Status.RETURNED
        report.returned_at = timezone.now()
        report.returned_by = actor
        report.return_reason = reason.strip()
        report.full_clean()
        report.save()
        engagement = report.engagement
        notify(
            advisers_among([engagement.adviser_id]) | officers_of([engagement.unit_id]),
            kind="duty_report:returned",
            title=_("%(adviser)s's %(year)s duty report for %(unit)s was returned for correction")
            % {"adviser": engagement.adviser.name, "year": report.year, "unit": engagement.unit},
            body=report.return_reason,
            link=reverse("reviews:duty_report_detail", args=[report.pk]),
            actor=actor,
        )
    return report


def duty_report_attach(*, report: DutyReport, upload, actor) -> DutyReportAttachment:
    if report.is_submitted:  # a draft or a returned report takes attachments
        raise ValidationError(_("This report has been submitted and can no longer be changed."))
    try:
        validate_pdf_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic(), acting_as(actor):
        attachment = DutyReportAttachment(
            report=report, file=upload, original_name=upload.name[-200:], size=upload.size, uploaded_by=actor
        )
        attachment.save()
    return attachment
