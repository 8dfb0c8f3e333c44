"""The second half of a selection: the panel's scores, the 公示 and its objections, the appointment letters.

A notice's applications that pass the eligibility review are scored by its panel (评审专家组): each evaluator
declares, for each applicant, that they have no conflict of interest, then scores the notice's weighted
criteria and submits; a submitted sheet is locked and a later change carries a reason (ScoreChange). The
result (selection.scoring) is the mean of the evaluators' weighted totals, without the highest and the lowest
when enough evaluators submitted. The proposed list (Proposed) is published for the notice's 公示 days, the
public may object (Objection), and after the 公示 the decision creates the engagements (through the notice's
re-selection round) and one letter per adviser (AppointmentLetter).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from advisers.models import Engagement

from .notices import Application, SelectionNotice

MAX_SCORE = Decimal("100")


def _filled(field: str) -> Q:
    return Q(GreaterThan(Length(Trim(field)), 0))


class Panel(models.Model):
    """A notice's panel: its evaluators, its criteria and how their totals are combined."""

    notice = models.OneToOneField(
        SelectionNotice, verbose_name=_("selection notice"), on_delete=models.CASCADE, related_name="panel"
    )
    drop_extremes = models.BooleanField(
        _("drop the highest and lowest totals"),
        default=True,
        help_text=_("When enough evaluators have scored an applicant, their highest and lowest totals do not count."),
    )
    drop_extremes_from = models.PositiveSmallIntegerField(
        _("evaluators needed to drop them"),
        default=5,
        help_text=_("The highest and lowest totals are dropped from this many evaluators' scores on."),
    )

    class Meta:
        verbose_name = _("evaluation panel")
        verbose_name_plural = _("evaluation panels")
        constraints = [
            models.CheckConstraint(
                # Dropping two of fewer than three totals would leave none.
                condition=Q(drop_extremes_from__gte=3),
                name="panel_drop_extremes_from_at_least_three",
                violation_error_message=_("The highest and lowest can be dropped only from three evaluators on."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Panel of %(notice)s") % {"notice": self.notice}


class PanelMember(models.Model):
    """An evaluator on a panel: bureau staff or an outside expert with an evaluator account."""

    panel = models.ForeignKey(Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="panel_seats"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["panel", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                name="panel_member_once",
                violation_error_message=_("This evaluator is already on the panel."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Criterion(models.Model):
    """A scoring criterion of a panel, scored 0–100 and weighted (the weights add up to 100)."""

    panel = models.ForeignKey(Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(pgettext_lazy("scoring", "criterion"), max_length=100)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["panel", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "name"],
                name="panel_criterion_name_once",
                violation_error_message=_("The panel already has a criterion of this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100),
                name="panel_criterion_weight_in_range",
                violation_error_message=_("A weight is more than 0 and at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight.normalize():f}%）"


class ScoreSheet(models.Model):
    """One evaluator's sheet for one applicant: the conflict declaration first, then the scores."""

    class Declaration(models.TextChoices):
        NO_CONFLICT = "no_conflict", _("No conflict of interest")
        CONFLICT = "conflict", _("Conflict of interest: abstains")

    member = models.ForeignKey(
        PanelMember, verbose_name=_("evaluator"), on_delete=models.CASCADE, related_name="sheets"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="score_sheets"
    )
    declaration = models.CharField(_("declaration"), max_length=20, choices=Declaration.choices)
    conflict_note = models.CharField(_("the conflict"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["application", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"],
                name="score_sheet_once_per_evaluator_and_application",
                violation_error_message=_("This evaluator already has a sheet for this applicant."),
            ),
            models.CheckConstraint(
                condition=~Q(declaration="conflict") | _filled("conflict_note"),
                name="score_sheet_conflict_described",
                violation_error_message=_("Describe the conflict of interest."),
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(declaration="no_conflict"),
                name="score_sheet_submitted_only_without_conflict",
                violation_error_message=_("An evaluator with a conflict of interest does not score."),
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, total__isnull=True)
                | Q(submitted_at__isnull=False, total__gte=0, total__lte=MAX_SCORE),
                name="score_sheet_total_when_submitted",
                violation_error_message=_("A submitted sheet has its weighted total, between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(evaluator)s on %(applicant)s") % {"evaluator": self.member, "applicant": self.application}

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=pgettext_lazy("scoring", "criterion"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__order", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"],
                name="score_once_per_sheet_and_criterion",
                violation_error_message=_("This criterion is already scored on this sheet."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=MAX_SCORE),
                name="score_value_in_range",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class ScoreChange(models.Model):
    """A score changed after its sheet was submitted: who, when, from what to what, and why."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="changes"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=pgettext_lazy("scoring", "criterion"), on_delete=models.PROTECT, related_name="+"
    )
    old_value = models.DecimalField(_("old score"), max_digits=5, decimal_places=2)
    new_value = models.DecimalField(_("new score"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["sheet", "changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_filled("reason"),
                name="score_change_has_reason",
                violation_error_message=_("A change to a submitted score needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(old_value=F("new_value")),
                name="score_change_changes",
                violation_error_message=_("The new score is the same as the old one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.old_value} → {self.new_value}"


class Proposed(models.Model):
    """A name on the proposed list (拟聘人员名单), with the score and rank it was published with."""

    notice = models.ForeignKey(
        SelectionNotice, verbose_name=_("selection notice"), on_delete=models.CASCADE, related_name="proposed"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="proposal"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.DecimalField(_("final score"), max_digits=6, decimal_places=2)
    tied = models.BooleanField(_("tied"), default=False)

    class Meta:
        verbose_name = _("proposed appointee")
        verbose_name_plural = _("proposed appointees")
        ordering = ["notice", "rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(score__gte=0) & Q(score__lte=MAX_SCORE),
                name="proposed_rank_and_score_in_range",
                violation_error_message=_("A rank starts at 1 and a score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)


class Objection(models.Model):
    """An objection anyone filed during the 公示, and the bureau's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        UPHELD = "upheld", pgettext_lazy("objection", "Upheld")
        DISMISSED = "dismissed", pgettext_lazy("objection", "Dismissed")

    notice = models.ForeignKey(
        SelectionNotice, verbose_name=_("selection notice"), on_delete=models.CASCADE, related_name="objections"
    )
    concerning = models.ForeignKey(
        Proposed,
        verbose_name=_("concerning"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
        help_text=_("Leave empty for an objection to the whole list."),
    )
    name = models.CharField(_("your name"), max_length=50)
    contact = models.CharField(_("phone or email"), max_length=100)
    text = models.TextField(_("objection"), max_length=2000)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["notice", "-filed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_filled("name") & _filled("contact") & _filled("text"),
                name="objection_filled_in",
                violation_error_message=_("An objection gives a name, a contact and what is objected to."),
            ),
            models.CheckConstraint(
                condition=Q(status="pending", answered_at__isnull=True, answered_by__isnull=True)
                | (
                    Q(status__in=["upheld", "dismissed"], answered_at__isnull=False, answered_by__isnull=False)
                    & _filled("answer")
                ),
                name="objection_answer_with_reason",
                violation_error_message=_("An answered objection gives the reason, who answered and when."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Objection by %(name)s") % {"name": self.name}

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.PENDING


class AppointmentLetter(models.Model):
    """A 聘书: one per engagement the appointment created, numbered 株政聘〔2026〕N号 per issuer and year."""

    class IssuerTitle(models.TextChoices):
        MAYOR = "mayor", _("Mayor")
        UNIT_HEAD = "unit_head", _("Head of the unit")

    notice = models.ForeignKey(
        SelectionNotice, verbose_name=_("selection notice"), on_delete=models.PROTECT, related_name="letters"
    )
    engagement = models.OneToOneField(
        Engagement, verbose_name=_("engagement"), on_delete=models.PROTECT, related_name="appointment_letter"
    )
    issuer = models.ForeignKey(Unit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    issuer_title = models.CharField(_("signed as"), max_length=20, choices=IssuerTitle.choices)
    signatory = models.CharField(_("signed by"), max_length=50)
    prefix = models.CharField(_("number prefix"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("appointment letter")
        verbose_name_plural = _("appointment letters")
        ordering = ["issuer", "-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                name="appointment_letter_number_once_per_issuer_and_year",
                violation_error_message=_("This letter number is already taken; send the form again."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & _filled("signatory") & _filled("prefix"),
                name="appointment_letter_numbered_and_signed",
                violation_error_message=_("A letter has a number, a prefix and a signatory."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """株政聘〔2026〕3号"""
        return gettext("%(prefix)s [%(year)s] No. %(number)s") % {
            "prefix": self.prefix,
            "year": self.year,
            "number": self.number,
        }
