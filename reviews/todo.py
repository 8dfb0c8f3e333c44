"""The reports, assessment and inspection items of the portal home (accounts.todo)."""

import datetime
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Jurisdiction
from accounts.policy import ADD, OVERSEE, home_unit_id, policy_for
from accounts.todo import Item, register

from .models import Assessment, DutyReport, RectificationItem, UnitWorkReport
from .policies import ANSWER, CLOSE, REVIEW
from .selectors import (
    OVERDUE,
    TO_COMPLETE,
    ReportState,
    assessment_rows,
    duty_report_counts,
    duty_report_state_count,
    overdue_duty_reports_by_unit,
    rectification_rows,
    work_report_rows,
)


def reporting_year(today: datetime.date | None = None) -> int:
    """The year whose reports are being worked on: this year from December, before that last year."""
    today = today or timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def report_deadline(today: datetime.date) -> datetime.date:
    return datetime.date(reporting_year(today), 12, 31)


def _duty_url(state: str, year: int) -> str:
    return reverse("reviews:duty_reports") + f"?year={year}&state={state}"


def register_items() -> None:
    writes_reports = lambda user: policy_for(DutyReport).can(user, ADD)  # noqa: E731
    register(
        Item(
            key="reviews:duty_owed",
            label=_("Duty reports not yet submitted"),
            allowed=writes_reports,
            count=lambda user, today: duty_report_counts(user, year=reporting_year(today))["owed"],
            url=lambda today: _duty_url(ReportState.OWED, reporting_year(today)),
            deadline=report_deadline,
            order=100,
        )
    )
    register(
        Item(
            key="reviews:duty_draft",
            label=_("Duty reports in draft"),
            allowed=writes_reports,
            count=lambda user, today: duty_report_state_count(
                user, year=reporting_year(today), state=ReportState.DRAFT
            ),
            url=lambda today: _duty_url(ReportState.DRAFT, reporting_year(today)),
            deadline=report_deadline,
            order=110,
        )
    )
    register(
        Item(
            key="reviews:duty_returned",
            label=_("Duty reports returned for correction"),
            allowed=writes_reports,
            count=lambda user, today: duty_report_state_count(
                user, year=reporting_year(today), state=ReportState.RETURNED
            ),
            url=lambda today: _duty_url(ReportState.RETURNED, reporting_year(today)),
            deadline=report_deadline,
            order=105,
        )
    )
    register(
        Item(
            key="reviews:assess",
            label=_("Assessments to complete"),
            allowed=lambda user: home_unit_id(user) is not None and policy_for(Assessment).can(user, ADD),
            count=lambda user, today: assessment_rows(user, year=reporting_year(today), grade=TO_COMPLETE).count(),
            url=lambda today: reverse("reviews:assessments") + f"?year={reporting_year(today)}&state={TO_COMPLETE}",
            order=300,
        )
    )
    answers = lambda user: policy_for(RectificationItem).can(user, ANSWER)  # noqa: E731
    register(
        Item(
            key="reviews:rectification_overdue",
            label=_("Rectification items overdue"),
            allowed=answers,
            count=lambda user, today: rectification_rows(user, status=OVERDUE, today=today).count(),
            url=lambda today: reverse("reviews:rectifications") + f"?state={OVERDUE}",
            order=310,
        )
    )
    register(
        Item(
            key="reviews:rectification_open",
            label=_("Rectification items to answer"),
            allowed=answers,
            count=lambda user, today: rectification_rows(user, status=RectificationItem.Status.OPEN).count(),
            url=lambda today: reverse("reviews:rectifications") + f"?state={RectificationItem.Status.OPEN}",
            order=320,
        )
    )
    register(
        Item(
            key="reviews:rectification_close",
            label=_("Rectification answers to close"),
            allowed=lambda user: policy_for(RectificationItem).can(user, CLOSE),
            count=lambda user, today: rectification_rows(user, status=RectificationItem.Status.ANSWERED).count(),
            url=lambda today: reverse("reviews:rectifications") + f"?state={RectificationItem.Status.ANSWERED}",
            order=320,
        )
    )
    register(
        Item(
            key="reviews:work_reports",
            label=_("Work reports to review"),
            allowed=lambda user: home_unit_id(user) is None and policy_for(UnitWorkReport).can(user, REVIEW),
            count=lambda user, today: work_report_rows(
                user, year=reporting_year(today), status=UnitWorkReport.Status.SUBMITTED
            ).count(),
            url=lambda today: (
                reverse("reviews:work_reports")
                + f"?year={reporting_year(today)}&state={UnitWorkReport.Status.SUBMITTED}"
            ),
            order=210,
        )
    )
    register(
        Item(
            key="reviews:duty_overdue",
            label=_("Duty reports overdue from last year"),
            allowed=lambda user: home_unit_id(user) is None and policy_for(Jurisdiction).can(user, OVERSEE),
            count=lambda user, today: duty_report_counts(user, year=today.year - 1)["owed"],
            url=lambda today: _duty_url(ReportState.OWED, today.year - 1),
            breakdown=lambda user, today: [
                (name, n, _duty_url(ReportState.OWED, today.year - 1) + f"&q={quote(name)}")
                for _unit_id, name, n in overdue_duty_reports_by_unit(user, year=today.year - 1)
            ],
            order=230,
        )
    )
