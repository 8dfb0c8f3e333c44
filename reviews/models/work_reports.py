"""Unit annual work reports (市、县两级工作报告): each unit reports its year up the line to its parent."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit


class UnitWorkReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="work_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    # The parent the report went to, fixed when it is submitted (a later move of the unit does not re-route it).
    recipient = models.ForeignKey(
        Unit,
        verbose_name=_("submitted to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_work_reports",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    # Figures aggregated from the records of the unit and its sub-units.
    engagements = models.PositiveIntegerField(_("advisers engaged"), default=0)
    opinions = models.PositiveIntegerField(_("legal opinions"), default=0)
    opinions_adopted = models.PositiveIntegerField(_("opinions adopted"), default=0)
    opinions_not_adopted = models.PositiveIntegerField(_("opinions not adopted"), default=0)
    lectures = models.PositiveIntegerField(_("legal lectures"), default=0)
    contracts = models.PositiveIntegerField(_("service contracts"), default=0)
    contract_amount = models.DecimalField(
        _("contract amount (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    duty_reports_submitted = models.PositiveIntegerField(_("duty reports submitted"), default=0)
    assessments_completed = models.PositiveIntegerField(_("assessments completed"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        verbose_name = _("unit annual work report")
        verbose_name_plural = _("unit annual work reports")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="work_report_one_per_unit_year",
                violation_error_message=_("This unit already has a work report for that year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, recipient__isnull=False),
                name="work_report_sent_has_recipient",
                violation_error_message=_("A submitted report records when and to whom it was submitted."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(GreaterThan(Length(Trim("return_reason")), 0)),
                name="work_report_returned_has_reason",
                violation_error_message=_("A returned report must carry the reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "returned"]) | Q(reviewed_at__isnull=False),
                name="work_report_reviewed_has_time",
                violation_error_message=_("An accepted or returned report records when it was reviewed."),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["recipient", "year"])]

    def __str__(self) -> str:
        return _("%(unit)s — work report %(year)s") % {"unit": self.unit, "year": self.year}

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
