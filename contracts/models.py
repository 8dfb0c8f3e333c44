import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.jurisdictions import JurisdictionSettings
from accounts.models import Unit
from advisers.models import Adviser, Engagement, SelectionMethod

from .uploads import UuidUploadTo


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
        ("clause_assessment", pgettext_lazy("clause", "Assessment")),
        ("clause_termination", _("Termination conditions")),
    )

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="contracts")
    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviser or firm"), on_delete=models.PROTECT, related_name="contracts"
    )
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
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
    # Stored under a generated name; downloaded only through contracts:contract_file.
    signed_file = models.FileField(
        _("signed contract (PDF)"), upload_to=UuidUploadTo("contracts"), blank=True, max_length=200
    )
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
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="contract_number_unique_per_unit",
                violation_error_message=_("This unit already has a contract with this number."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "end_date"]),
            models.Index(fields=["end_date"]),
            models.Index(fields=["-signed_on", "-id"], name="contract_newest_first"),
        ]

    def __str__(self) -> str:
        return self.number

    class TermState(models.TextChoices):
        NOT_STARTED = "not_started", _("Not yet started")
        IN_FORCE = "in_force", _("In force")
        ENDED = "ended", _("Expired")

    @staticmethod
    def term_state_condition(state: str, on: dt.date) -> Q:
        """The contracts in `state` on `on`: lists filter and count with this, as `term_state` reads one."""
        return {
            "not_started": Q(start_date__gt=on),
            "in_force": Q(start_date__lte=on, end_date__gte=on),
            "ended": Q(end_date__lt=on),
        }[state]

    @property
    def term_state(self) -> str:
        """Where the service term stands today, read from its dates (no task has to run for it)."""
        today = timezone.localdate()
        if self.start_date > today:
            return self.TermState.NOT_STARTED
        return self.TermState.ENDED if self.end_date < today else self.TermState.IN_FORCE

    def get_term_state_display(self) -> str:
        return self.TermState(self.term_state).label

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("The amount cannot be negative.")})
        if (
            self.engagement_id
            and self.unit_id
            and self.adviser_id
            and (self.engagement.unit_id, self.engagement.adviser_id) != (self.unit_id, self.adviser_id)
        ):
            raise ValidationError({"engagement": _("The engagement must be between the same unit and adviser.")})

    @property
    def missing_clauses(self) -> list:
        return [label for field, label in self.REQUIRED_CLAUSES if not getattr(self, field)]


class Rule(models.TextChoices):
    """The rules a contract is checked against; each finding names one."""

    MISSING_CLAUSES = "missing_clauses", _("Missing required clauses")
    PROCUREMENT_METHOD = "procurement_method", _("Procurement method does not fit the amount")
    TERM_TOO_LONG = "term_too_long", _("Term longer than allowed")
    FEE_ABOVE_BUDGET = "fee_above_budget", _("Fee above the approved budget")
    WORK_AFTER_EXPIRY = "work_after_expiry", _("Work recorded after expiry")
    SIGNED_BEFORE_SELECTION = "signed_before_selection", _("Signed before the selection finished")


class ContractFinding(models.Model):
    """A rule a contract breaks. Recomputed whenever the contract, its engagement or duty records change;
    a finding whose rule no longer fires is resolved (kept, with the date), never deleted."""

    class Status(models.TextChoices):
        OPEN = "open", _("Unresolved")
        RESOLVED = "resolved", _("Resolved")

    contract = models.ForeignKey(
        ServiceContract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="findings"
    )
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    message = models.TextField(_("finding"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract finding")
        verbose_name_plural = _("contract findings")
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "rule"], condition=Q(status="open"), name="finding_one_open_per_contract_rule"
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True) | Q(status="resolved", resolved_at__isnull=False),
                name="finding_resolved_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "rule"]),
            # The findings list, newest first: a province-wide list walks it instead of sorting every finding.
            models.Index(fields=["-detected_at", "-id"], name="finding_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} — {self.get_rule_display()}"


class ProcurementBand(models.Model):
    """Which amounts a procurement method fits: from `min_amount` (inclusive) below `max_amount` (exclusive,
    empty = no upper limit). Kept by bureau staff; a contract whose amount falls outside its method's band
    is a finding."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="procurement_bands",
    )
    method = models.CharField(_("procurement method"), max_length=30, choices=SelectionMethod.choices)
    min_amount = models.DecimalField(_("from (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    max_amount = models.DecimalField(_("below (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("procurement threshold")
        verbose_name_plural = _("procurement thresholds")
        ordering = ["method"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "method"],
                name="band_one_per_method",
                violation_error_message=_("This procurement method already has a threshold."),
            ),
            models.CheckConstraint(
                condition=Q(min_amount__gte=0),
                name="band_min_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=F("min_amount")),
                name="band_max_above_min",
                violation_error_message=_("The upper limit must be above the lower limit."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_method_display()

    def clean(self):
        if self.max_amount is not None and self.min_amount is not None and self.max_amount <= self.min_amount:
            raise ValidationError({"max_amount": _("The upper limit must be above the lower limit.")})

    def fits(self, amount: Decimal) -> bool:
        return amount >= self.min_amount and (self.max_amount is None or amount < self.max_amount)


class ContractRuleSettings(JurisdictionSettings):
    """The longest term a service contract may run."""

    jurisdiction = models.OneToOneField(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="contract_rule_settings",
    )
    max_term_months = models.PositiveSmallIntegerField(
        _("longest allowed term (months)"), default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        verbose_name = _("contract rule settings")
        verbose_name_plural = _("contract rule settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_term_months__gte=1) & Q(max_term_months__lte=120),
                name="contract_rule_settings_term_range",
                violation_error_message=_("Enter between 1 and 120 months."),
            ),
        ]
