"""Annual duty reports (年度履职报告): one per engagement and year, due by 31 December, Beijing time."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from advisers.models import Engagement

BEIJING = ZoneInfo("Asia/Shanghai")


def report_deadline(year: int) -> datetime.datetime:
    """The first instant that is late: 1 January of the next year, 00:00 Beijing time.

    A report is on time when submitted before it, i.e. up to and including 31 December 23:59:59.999…
    """
    return datetime.datetime(year + 1, 1, 1, tzinfo=BEIJING)


class DutyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
        # Sent back by the unit (or the bureau) with a reason: edited and submitted again.
        RETURNED = "returned", _("Returned")

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.PROTECT, related_name="duty_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary of the year's work"), blank=True)
    # The year's counts, filled in from the duty records when the report is saved.
    meetings_attended = models.PositiveIntegerField(_("executive meetings attended"), default=0)
    opinions_given = models.PositiveIntegerField(_("legal opinions given"), default=0)
    opinions_adopted = models.PositiveIntegerField(_("opinions adopted (fully or partly)"), default=0)
    lectures_given = models.PositiveIntegerField(_("legal lectures given"), default=0)
    deadline = models.DateTimeField(_("deadline"), editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_late = models.BooleanField(_("late"), default=False)
    # The latest return; kept after the report is submitted again, so that everyone sees what was asked.
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual duty report")
        verbose_name_plural = _("annual duty reports")
        ordering = ["-year", "engagement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "year"],
                name="duty_report_one_per_engagement_year",
                violation_error_message=_("This engagement already has a duty report for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="duty_report_year_plausible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            # A returned report keeps the time of the submission it answers (and whether that was late).
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(submitted_at__isnull=True))
                | (Q(status__in=["submitted", "returned"]) & Q(submitted_at__isnull=False)),
                name="duty_report_submitted_has_time",
                violation_error_message=_("A submitted report records when it was submitted; a draft does not."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned")
                | (Q(returned_at__isnull=False) & Q(GreaterThan(Length(Trim("return_reason")), 0))),
                name="duty_report_returned_has_reason",
                violation_error_message=_("A returned report records when it was returned and the reason."),
            ),
            # "Late" is not a label someone sets: it follows from the submission time and the deadline.
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, is_late=False)
                | Q(submitted_at__lt=F("deadline"), is_late=False)
                | Q(submitted_at__gte=F("deadline"), is_late=True),
                name="duty_report_late_follows_deadline",
                violation_error_message=_("A report is late exactly when it was submitted after the deadline."),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"]),
            # The admin list's order: without it PostgreSQL sorts every row (and its joins) for each page.
            models.Index(fields=["-year", "engagement"], name="duty_report_newest_year"),
        ]

    def __str__(self) -> str:
        return _("%(engagement)s — duty report %(year)s") % {"engagement": self.engagement, "year": self.year}

    def save(self, *args, **kwargs):
        if self.year and not self.deadline:
            self.deadline = report_deadline(self.year)
        super().save(*args, **kwargs)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED


def _attachment_path(instance, filename: str) -> str:
    # Never the uploader's file name on disk: a generated one, outside any public URL.
    return f"reviews/duty_reports/{instance.report.year}/{uuid.uuid4().hex}.pdf"


class DutyReportAttachment(models.Model):
    report = models.ForeignKey(
        DutyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file (PDF)"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty report attachment")
        verbose_name_plural = _("duty report attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def download_name(self) -> str:
        """The name a download gets, from the record and never the uploader's: "2025年度履职报告附件1.pdf"."""
        number = self.report.attachments.filter(pk__lte=self.pk).count()
        return _("%(year)s duty report attachment %(number)s.pdf") % {"year": self.report.year, "number": number}
