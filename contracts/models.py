from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from advisers.models import Adviser, Engagement, SelectionMethod


class ServiceContract(models.Model):
    """A legal service contract (法律服务合同) between a unit and an adviser or law firm."""

    class FeeBasis(models.TextChoices):
        FIXED_ANNUAL = "fixed_annual", _("Fixed annual fee")
        WORKLOAD = "workload", _("By workload")
        PER_MATTER = "per_matter", _("Per matter")

    # The clauses every contract must contain: (field name, label).
    REQUIRED_CLAUSES = (
        ("clause_scope", _("Service scope")),
        ("clause_fees", _("Fees and payment")),
        ("clause_term", _("Service term")),
        ("clause_confidentiality", _("Confidentiality")),
        ("clause_conflict", _("Conflict-of-interest avoidance")),
        ("clause_liability", _("Liability for breach")),
        ("clause_assessment", _("Assessment")),
        ("clause_termination", _("Termination conditions")),
    )

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="contracts")
    adviser = models.ForeignKey(Adviser, verbose_name=_("adviser or firm"), on_delete=models.PROTECT, related_name="contracts")
    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    fee_basis = models.CharField(_("fee basis"), max_length=20, choices=FeeBasis.choices, default=FeeBasis.FIXED_ANNUAL)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    procurement_method = models.CharField(_("procurement method"), max_length=30, choices=SelectionMethod.choices)
    procurement_ref = models.CharField(_("procurement reference"), max_length=100, blank=True)
    scope = models.TextField(_("service scope"), blank=True)
    clause_scope = models.BooleanField(_("service scope clause"), default=False)
    clause_fees = models.BooleanField(_("fees and payment clause"), default=False)
    clause_term = models.BooleanField(_("service term clause"), default=False)
    clause_confidentiality = models.BooleanField(_("confidentiality clause"), default=False)
    clause_conflict = models.BooleanField(_("conflict-of-interest clause"), default=False)
    clause_liability = models.BooleanField(_("liability-for-breach clause"), default=False)
    clause_assessment = models.BooleanField(_("assessment clause"), default=False)
    clause_termination = models.BooleanField(_("termination clause"), default=False)
    signed_file = models.FileField(_("signed contract (PDF)"), upload_to="contracts/%Y/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="contract_end_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=Decimal("0")),
                name="contract_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.UniqueConstraint(fields=["unit", "number"], name="contract_number_unique_per_unit"),
        ]
        indexes = [models.Index(fields=["unit", "end_date"]), models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("The amount cannot be negative.")})

    @property
    def missing_clauses(self) -> list:
        return [label for field, label in self.REQUIRED_CLAUSES if not getattr(self, field)]
