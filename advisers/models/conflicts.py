"""Conflict-of-interest review (利益冲突审查): each unit's register of disputes, and the findings the check
(advisers.services.conflicts_check) raises against an engagement, which the bureau decides with a reason."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Unit

from .registry import Engagement


class Dispute(models.Model):
    """A case against the unit (涉诉案件登记): who is on the other side, and who acts for them."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case", "Pending")
        CLOSED = "closed", pgettext_lazy("case", "Closed")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="disputes")
    case_number = models.CharField(_("case number"), max_length=60)
    forum = models.CharField(_("court or arbitration body"), max_length=100)
    counterparty = models.CharField(_("counterparty"), max_length=200)
    counterparty_lawyer = models.CharField(
        _("counterparty's lawyer"), max_length=100, blank=True, help_text=_("Several names: separate them with 、")
    )
    counterparty_firm = models.CharField(_("counterparty's law firm"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    filed_on = models.DateField(_("filed on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "case_number"],
                name="dispute_case_number_unique_per_unit",
                violation_error_message=_("This unit has already registered a case with this number."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="dispute_closed_has_date",
                violation_error_message=_("A closed case records the date it closed, an open one has none."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("filed_on")),
                name="dispute_closed_not_before_filed",
                violation_error_message=_("A case cannot close before it was filed."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["-filed_on", "-id"], name="dispute_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number}（{self.counterparty}）"

    def clean(self):
        super().clean()
        if self.status == self.Status.CLOSED and not self.closed_on:
            raise ValidationError({"closed_on": _("Enter the date the case closed.")})
        if self.status == self.Status.OPEN and self.closed_on:
            raise ValidationError({"closed_on": _("An open case has no closing date: leave it empty.")})
        if self.closed_on and self.filed_on and self.closed_on < self.filed_on:
            raise ValidationError({"closed_on": _("A case cannot close before it was filed.")})

    @property
    def lawyers(self) -> list[str]:
        return [name.strip() for name in self.counterparty_lawyer.replace(",", "、").split("、") if name.strip()]


class ConflictFinding(models.Model):
    """One fact that holds an engagement for review. Raised once per engagement and fact (`key`): checking
    again, or the yearly sweep, never raises it a second time, whether or not it was decided."""

    class Kind(models.TextChoices):
        COUNTERPARTY = "counterparty", _("Acts for a counterparty in an open case")
        TOO_MANY_UNITS = "too_many_units", _("Serves more units than allowed")
        DECLARED = "declared", _("Declared conflict")

    class Occasion(models.TextChoices):
        CREATED = "created", _("New engagement")
        RENEWED = "renewed", _("Renewal")
        YEARLY = "yearly", _("Yearly review")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the bureau's decision")
        CLEARED = "cleared", _("Cleared")
        UPHELD = "upheld", _("Upheld")

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.PROTECT, related_name="conflict_findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the finding is about, the same on every check: "case:<dispute id>", "units", "declared:<digest>".
    key = models.CharField(_("key"), max_length=80, editable=False)
    dispute = models.ForeignKey(
        Dispute,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conflict_findings",
    )
    message = models.TextField(_("finding"))
    occasion = models.CharField(_("found at"), max_length=10, choices=Occasion.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("conflict-of-interest finding")
        verbose_name_plural = _("conflict-of-interest findings")
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "key"],
                name="conflict_finding_once_per_fact",
                violation_error_message=_("This finding has already been raised for this engagement."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True, decided_by__isnull=True, reason="")
                | (
                    Q(status__in=["cleared", "upheld"], decided_at__isnull=False, decided_by__isnull=False)
                    & ~Q(reason="")
                ),
                name="conflict_finding_decision_has_reason",
                violation_error_message=_("A decision names who decided, when, and the reason."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="counterparty") | Q(dispute__isnull=False),
                name="conflict_finding_counterparty_names_case",
                violation_error_message=_("A counterparty finding names the case."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-detected_at", "-id"], name="conflict_finding_open_newest")]

    def __str__(self) -> str:
        return f"{self.engagement} — {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
