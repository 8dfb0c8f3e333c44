"""Re-selection rounds (换届遴选): when terms run out a unit selects the next advisers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .registry import Adviser, Engagement, SelectionMethod


class ReselectionRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reselection_rounds")
    title = models.CharField(_("title"), max_length=200)
    role = models.CharField(
        _("role"), max_length=20, choices=Engagement.Role.choices, default=Engagement.Role.UNIT_ADVISER
    )
    selection_method = models.CharField(
        _("selection method"), max_length=30, choices=SelectionMethod.choices, default=SelectionMethod.PUBLIC_SELECTION
    )
    opened_on = models.DateField(_("opened on"))
    new_term_start = models.DateField(_("new term starts"))
    new_term_end = models.DateField(_("new term ends"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("re-selection round")
        verbose_name_plural = _("re-selection rounds")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_term_end__gt=F("new_term_start")),
                name="round_new_term_end_after_start",
                violation_error_message=_("The new term must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decided_on__isnull=False),
                name="round_decided_has_date",
                violation_error_message=_("A decided round must record the decision date."),
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("opened_on")),
                name="round_decided_after_opened",
                violation_error_message=_("A round cannot be decided before it was opened."),
            ),
            models.UniqueConstraint(
                fields=["unit", "role"],
                condition=Q(status="open"),
                name="round_one_open_per_unit_role",
                violation_error_message=_("This unit already has an open re-selection round for this role."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.new_term_start and self.new_term_end and self.new_term_end <= self.new_term_start:
            raise ValidationError({"new_term_end": _("The new term must end after it starts.")})
        if self.decided_on and self.opened_on and self.decided_on < self.opened_on:
            raise ValidationError({"decided_on": _("A round cannot be decided before it was opened.")})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ReselectionCandidate(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    round = models.ForeignKey(
        ReselectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="candidates"
    )
    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="candidacies"
    )
    incumbent = models.ForeignKey(
        Engagement,
        verbose_name=_("current engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        help_text=_("Set for an incumbent: the engagement that the next one replaces."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.CharField(_("note"), max_length=300, blank=True)
    new_engagement = models.OneToOneField(
        Engagement,
        verbose_name=_("new engagement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="selected_from",
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["round", "-incumbent", "adviser__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "adviser"],
                name="candidate_once_per_round",
                violation_error_message=_("This adviser is already a candidate in this round."),
            ),
            models.CheckConstraint(
                condition=Q(new_engagement__isnull=True) | Q(outcome="selected"),
                name="candidate_engagement_only_if_selected",
                violation_error_message=_("Only a selected candidate gets a new engagement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} — {self.round}"

    @property
    def is_incumbent(self) -> bool:
        return self.incumbent_id is not None
