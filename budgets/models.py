"""Legal-service fee budgets: fee standards, requests reviewed by the justice bureau and approved by
the finance bureau (一体审核), and pay-for-performance settlements (按效付费)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from reviews.grades import Grade

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class ItemType(models.TextChoices):
    STANDING_COUNSEL = "standing_counsel", _("Standing legal counsel")
    CONTRACT_REVIEW = "contract_review", _("Contract review")
    LITIGATION = "litigation", _("Litigation / arbitration representation")
    MAJOR_DECISION = "major_decision", _("Review of a major administrative decision")
    LECTURE = "lecture", _("Legal lecture")
    OTHER = "other", _("Other legal service")


class FeeStandard(models.Model):
    """The unit price of one item type in one fiscal year, kept by a jurisdiction's bureau staff (a county
    without its own uses its city's: accounts.jurisdictions.effective)."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="fee_standards",
    )
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_type = models.CharField(_("item"), max_length=30, choices=ItemType.choices)
    unit_price = models.DecimalField(_("unit price (yuan)"), **MONEY)
    measure = models.CharField(_("per"), max_length=20, help_text=_("For example: month, case, session."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee standard")
        verbose_name_plural = _("fee standards")
        ordering = ["-year", "item_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year", "item_type"],
                name="fee_standard_one_per_item_and_year",
                violation_error_message=_("This item already has a fee standard for this year."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="fee_standard_price_not_negative",
                violation_error_message=_("A unit price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_item_type_display()}"


class BudgetRequest(models.Model):
    """A budget unit's request for legal-service fees for one fiscal year, as workload lines.

    Amounts are the sums of the lines' amounts, kept by the services; the database guarantees
    0 ≤ approved ≤ recommended ≤ requested and that the approver neither submitted nor reviewed it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting the justice bureau's review")
        REVIEWED = "reviewed", _("Reviewed, awaiting the finance bureau's approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    unit = models.ForeignKey(
        Unit, verbose_name=_("budget unit"), on_delete=models.PROTECT, related_name="budget_requests"
    )
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    title = models.CharField(_("request title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    previous_year_amount = models.DecimalField(
        _("previous year's fees (yuan)"),
        default=ZERO,
        **MONEY,
        help_text=_("The legal-service fees the unit spent in the previous fiscal year."),
    )
    justification = models.TextField(_("justification"))
    requested_amount = models.DecimalField(_("requested amount (yuan)"), default=ZERO, **MONEY)
    recommended_amount = models.DecimalField(_("recommended amount (yuan)"), null=True, blank=True, **MONEY)
    approved_amount = models.DecimalField(_("approved amount (yuan)"), null=True, blank=True, **MONEY)
    review_comment = models.TextField(_("review comment"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    approval_comment = models.TextField(_("reason for approving less than recommended"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Bumped by every transition: a form posted against an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("budget request")
        verbose_name_plural = _("budget requests")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["status", "year"]), models.Index(fields=["unit", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0) & Q(previous_year_amount__gte=0),
                name="budget_request_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(recommended_amount__isnull=True)
                | (Q(recommended_amount__gte=0) & Q(recommended_amount__lte=F("requested_amount"))),
                name="budget_request_recommended_within_requested",
                violation_error_message=_("The recommended amount must be between 0 and the requested amount."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (
                    Q(recommended_amount__isnull=False)
                    & Q(approved_amount__gte=0)
                    & Q(approved_amount__lte=F("recommended_amount"))
                ),
                name="budget_request_approved_within_recommended",
                violation_error_message=_("The approved amount must be between 0 and the recommended amount."),
            ),
            models.CheckConstraint(
                condition=~Q(approved_by=F("submitted_by")) & ~Q(approved_by=F("reviewed_by")),
                name="budget_request_approver_is_not_maker",
                violation_error_message=_("The user who submitted or reviewed a request cannot approve it."),
            ),
            models.CheckConstraint(
                condition=~Q(reviewed_by=F("submitted_by")),
                name="budget_request_reviewer_is_not_submitter",
                violation_error_message=_("The user who submitted a request cannot review it."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["reviewed", "approved"])
                | (Q(recommended_amount__isnull=False) & Q(reviewed_by__isnull=False)),
                name="budget_request_reviewed_has_recommendation",
                violation_error_message=_("A reviewed request must carry the recommended amount and its reviewer."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | (Q(approved_amount__isnull=False) & Q(approved_by__isnull=False)),
                name="budget_request_approved_has_amount",
                violation_error_message=_("An approved request must carry the approved amount and its approver."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(GreaterThan(Length(Trim("return_reason")), 0)),
                name="budget_request_returned_has_reason",
                violation_error_message=_("A returned request must carry the reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(approved_amount__gte=F("recommended_amount"))
                | Q(GreaterThan(Length(Trim("approval_comment")), 0)),
                name="budget_request_cut_has_reason",
                violation_error_message=_("Approving less than the bureau recommended needs the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_centralised(self) -> bool:
        """Covers secondary institutions (归口统筹、集中采购): some line is for another unit of its subtree."""
        return any(line.for_unit_id not in (None, self.unit_id) for line in self.lines.all())


def _quarter_label(quarter: int) -> str:
    return gettext("Q%(q)s") % {"q": quarter}


# Labels made when shown, in the reader's language (formatted at import, they took whichever language was
# active then: Chinese or, when the apps loaded in another order, English — and makemigrations saw a change).
QUARTERS = [(q, lazy(_quarter_label, str)(q)) for q in range(1, 5)]


class BudgetLine(models.Model):
    """One workload line: item × quantity × unit price, in the quarter the work falls in.

    The justice bureau recommends and the finance bureau approves an amount per line, so that
    quarterly statistics are sums of real records.
    """

    request = models.ForeignKey(
        BudgetRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="lines"
    )
    item_type = models.CharField(_("item"), max_length=30, choices=ItemType.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price (yuan)"), **MONEY)
    amount = models.DecimalField(_("requested amount (yuan)"), **MONEY)
    recommended_amount = models.DecimalField(_("recommended amount (yuan)"), null=True, blank=True, **MONEY)
    approved_amount = models.DecimalField(_("approved amount (yuan)"), null=True, blank=True, **MONEY)
    for_unit = models.ForeignKey(
        Unit,
        verbose_name=_("for unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A secondary institution whose service is procured centrally by the requesting unit."),
    )
    engagement = models.ForeignKey(
        "advisers.Engagement",
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="budget_line_quarter_1_to_4",
                violation_error_message=_("The quarter must be 1 to 4."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gte=0) & Q(amount__gte=0),
                name="budget_line_amounts_not_negative",
                violation_error_message=_("Quantities must be positive and amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(recommended_amount__isnull=True)
                | (Q(recommended_amount__gte=0) & Q(recommended_amount__lte=F("amount"))),
                name="budget_line_recommended_within_requested",
                violation_error_message=_("The recommended amount must be between 0 and the requested amount."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (
                    Q(recommended_amount__isnull=False)
                    & Q(approved_amount__gte=0)
                    & Q(approved_amount__lte=F("recommended_amount"))
                ),
                name="budget_line_approved_within_recommended",
                violation_error_message=_("The approved amount must be between 0 and the recommended amount."),
            ),
        ]
        indexes = [models.Index(fields=["request", "quarter"])]

    def __str__(self) -> str:
        return f"{self.get_item_type_display()} × {self.quantity}"


class BudgetEvent(models.Model):
    """One step in a request's history, shown on the request page (the audit log keeps field diffs)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    request = models.ForeignKey(
        BudgetRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(
        pgettext_lazy("status", "from"), max_length=20, choices=BudgetRequest.Status.choices, blank=True
    )
    to_status = models.CharField(pgettext_lazy("status", "to"), max_length=20, choices=BudgetRequest.Status.choices)
    amount = models.DecimalField(_("amount (yuan)"), null=True, blank=True, **MONEY)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("budget request event")
        verbose_name_plural = _("budget request events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_action_display()}"


class GradeCoefficient(models.Model):
    """Settlement coefficient of an assessment grade (按效付费), kept by a jurisdiction's bureau staff."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="grade_coefficients",
    )
    grade = models.CharField(_("assessment grade"), max_length=20, choices=Grade.choices)
    coefficient = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("settlement coefficient")
        verbose_name_plural = _("settlement coefficients")
        ordering = ["-coefficient"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "grade"],
                name="grade_coefficient_one_per_grade",
                violation_error_message=_("This grade already has a coefficient."),
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gte=0) & Q(coefficient__lte=1),
                name="grade_coefficient_between_0_and_1",
                violation_error_message=_(
                    "A coefficient must be between 0 and 1: payment never exceeds the approved budget."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} × {self.coefficient}"


class Settlement(models.Model):
    """Year-end settlement of one engagement: approved amount × the coefficient of its grade."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Prepared, awaiting the finance bureau")
        CONFIRMED = "confirmed", _("Confirmed")

    engagement = models.ForeignKey(
        "advisers.Engagement", verbose_name=_("engagement"), on_delete=models.PROTECT, related_name="settlements"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("paying budget unit"), on_delete=models.PROTECT, related_name="settlements"
    )
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    approved_amount = models.DecimalField(_("approved amount (yuan)"), **MONEY)

    class GradeSource(models.TextChoices):
        ASSESSMENT = "assessment", _("From the completed annual assessment")
        MANUAL = "manual", _("Entered by hand")

    grade = models.CharField(_("assessment grade"), max_length=20, choices=Grade.choices)
    grade_source = models.CharField(
        _("grade source"), max_length=20, choices=GradeSource.choices, default=GradeSource.ASSESSMENT
    )
    grade_reason = models.TextField(_("why the grade was entered by hand"), blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2, default=ZERO)
    amount = models.DecimalField(_("payable amount (yuan)"), default=ZERO, **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARED)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-year", "unit__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "year"],
                name="settlement_one_per_engagement_and_year",
                violation_error_message=_("This engagement already has a settlement for this year."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__gte=0)
                & Q(coefficient__gte=0)
                & Q(coefficient__lte=1)
                & Q(amount__gte=0)
                & Q(amount__lte=F("approved_amount")),
                name="settlement_amount_within_approved",
                violation_error_message=_("The payable amount must be between 0 and the approved amount."),
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed")
                | (Q(confirmed_by__isnull=False) & Q(confirmed_at__isnull=False) & Q(settled_on__isnull=False)),
                name="settlement_confirmed_has_confirmer",
                violation_error_message=_("A confirmed settlement must name who confirmed it and when."),
            ),
            models.CheckConstraint(
                condition=~Q(confirmed_by=F("prepared_by")),
                name="settlement_confirmer_is_not_preparer",
                violation_error_message=_("The user who prepared a settlement cannot confirm it."),
            ),
            models.CheckConstraint(
                condition=Q(grade_source="assessment") | Q(GreaterThan(Length(Trim("grade_reason")), 0)),
                name="settlement_manual_grade_has_reason",
                violation_error_message=_("A grade entered by hand needs the reason why there is no assessment."),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.engagement}"
