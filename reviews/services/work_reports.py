from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit
from accounts.policy import bureau_staff_of, officers_of
from accounts.services import notify
from audit.trail import acting_as

from ..models import UnitWorkReport
from ..records import unit_year_figures


def _refresh_figures(report: UnitWorkReport) -> None:
    for field, value in unit_year_figures(report.unit, report.year).items():
        setattr(report, field, value)


def _reviewers(unit: Unit) -> Q:
    """Who reviews reports sent to `unit`: its legal officers, and for a government (a county government's
    report goes to the city's) the bureau staff of that government's jurisdiction, not a county's below."""
    who = officers_of([unit.pk])
    if unit.is_government:
        who |= bureau_staff_of(unit.jurisdiction_id)
    return who


def work_report_save(*, unit: Unit, year: int, summary: str, actor) -> UnitWorkReport:
    """Create or update the unit's draft (or returned) report; the figures are recomputed from the records."""
    with transaction.atomic(), acting_as(actor):
        report = UnitWorkReport.objects.select_for_update().filter(unit=unit, year=year).first() or UnitWorkReport(
            unit=unit, year=year
        )
        if not report.is_editable:
            raise ValidationError(_("This report has been submitted and can no longer be changed."))
        report.summary = summary.strip()
        _refresh_figures(report)
        report.full_clean()
        report.save()
    return report


def work_report_submit(*, report: UnitWorkReport, actor) -> UnitWorkReport:
    """Send the report to the unit's parent: within its jurisdiction (county units to their county
    government), a government to the jurisdiction above (a county government to the city's)."""
    with transaction.atomic(), acting_as(actor):
        report = UnitWorkReport.objects.select_for_update(of=("self",)).select_related("unit__parent").get(pk=report.pk)
        if not report.is_editable:
            raise ValidationError(_("This report has already been submitted."))
        if report.unit.parent_id is None:
            raise ValidationError(_("This unit has no parent unit to report to."))
        if not report.summary.strip():
            raise ValidationError({"summary": _("Write a summary before submitting.")})
        _refresh_figures(report)
        report.status = UnitWorkReport.Status.SUBMITTED
        report.recipient = report.unit.parent
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.reviewed_at = report.reviewed_by = None
        report.full_clean()
        report.save()
        notify(
            _reviewers(report.recipient) | officers_of([report.unit_id]),
            kind="work_report_submitted",
            title=_("%(unit)s submitted its %(year)s work report") % {"unit": report.unit, "year": report.year},
            body=_("Please accept it or return it with the reason."),
            link=reverse("reviews:work_report_detail", args=[report.pk]),
            actor=actor,
        )
    return report


def _review(report: UnitWorkReport, *, status: str, reason: str, actor) -> UnitWorkReport:
    with transaction.atomic(), acting_as(actor):
        report = UnitWorkReport.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.pk)
        if report.status != UnitWorkReport.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be accepted or returned."))
        report.status = status
        report.return_reason = reason.strip()
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor
        report.full_clean()
        report.save()
        if status == UnitWorkReport.Status.ACCEPTED:
            title = _("Your %(year)s work report was accepted") % {"year": report.year}
        else:
            title = _("Your %(year)s work report was returned") % {"year": report.year}
        notify(
            officers_of([report.unit_id]),
            kind="work_report_reviewed",
            title=title,
            body=report.return_reason,
            link=reverse("reviews:work_report_detail", args=[report.pk]),
            actor=actor,
        )
    return report


def work_report_accept(*, report: UnitWorkReport, actor) -> UnitWorkReport:
    return _review(report, status=UnitWorkReport.Status.ACCEPTED, reason="", actor=actor)


def work_report_return(*, report: UnitWorkReport, reason: str, actor) -> UnitWorkReport:
    if not reason.strip():
        raise ValidationError({"return_reason": _("Give the reason for returning the report.")})
    return _review(report, status=UnitWorkReport.Status.RETURNED, reason=reason, actor=actor)
