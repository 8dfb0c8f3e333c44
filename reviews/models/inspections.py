"""The yearly contract inspection (合同专项清查): units scored in five dimensions, feedback, rectification."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Unit
from advisers.models import Adviser


class Dimension(models.TextChoices):
    """The five dimensions; each value is also the name of the score field on UnitInspection."""

    TEXT_QUALITY = "text_quality", _("Contract text quality")
    PROCEDURE = "procedure", _("Procedural compliance")
    RISK_WARNING = "risk_warning", _("Risk warning")
    PERFORMANCE = "performance", _("Performance tracking")
    ARCHIVES = "archives", _("Archive management")


class InspectionCampaign(models.Model):
    """A jurisdiction's contract inspection of one year: a county bureau inspects its own county's units."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="inspection_campaigns",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bureau staff on the team"),
        blank=True,
        related_name="inspection_campaigns",
        limit_choices_to={"role": "bureau"},
    )
    advisers = models.ManyToManyField(
        Adviser, verbose_name=_("advisers on the team"), blank=True, related_name="inspection_campaigns"
    )

    class Meta:
        verbose_name = _("contract inspection campaign")
        verbose_name_plural = _("contract inspection campaigns")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year"],
                name="campaign_one_per_jurisdiction_and_year",
                violation_error_message=_("This jurisdiction already has a campaign for this year."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def _score_field(label):
    return models.PositiveSmallIntegerField(label, validators=[MaxValueValidator(100)])


class UnitInspection(models.Model):
    """One unit's result in a campaign: a score 0–100 per dimension, findings and the feedback letter."""

    campaign = models.ForeignKey(
        InspectionCampaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="inspections"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    contracts_checked = models.PositiveIntegerField(_("contracts checked"), default=0)
    text_quality = _score_field(Dimension.TEXT_QUALITY.label)
    procedure = _score_field(Dimension.PROCEDURE.label)
    risk_warning = _score_field(Dimension.RISK_WARNING.label)
    performance = _score_field(Dimension.PERFORMANCE.label)
    archives = _score_field(Dimension.ARCHIVES.label)
    findings = models.TextField(_("findings"), blank=True)
    feedback_letter = models.TextField(_("feedback letter"), blank=True)
    letter_sent_on = models.DateField(_("letter sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit inspection")
        verbose_name_plural = _("unit inspections")
        ordering = ["campaign", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="inspection_once_per_campaign_unit",
                violation_error_message=_("This unit is already in that campaign."),
            ),
            models.CheckConstraint(
                condition=Q(
                    text_quality__lte=100,
                    procedure__lte=100,
                    risk_warning__lte=100,
                    performance__lte=100,
                    archives__lte=100,
                ),
                name="inspection_scores_at_most_100",
                violation_error_message=_("Scores are between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(letter_sent_on__isnull=True) | Q(GreaterThan(Length(Trim("feedback_letter")), 0)),
                name="inspection_sent_letter_has_text",
                violation_error_message=_("A feedback letter that was sent must have its text."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} · {self.unit}"

    @property
    def scores(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, value)) for value, label in Dimension.choices]

    @property
    def average(self):
        return (Decimal(sum(getattr(self, d) for d in Dimension.values)) / len(Dimension.values)).quantize(
            Decimal("0.1")
        )


class RectificationItem(models.Model):
    """Something the unit must put right (整改), by a due date; the unit answers, the bureau closes."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("rectification", "Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    inspection = models.ForeignKey(
        UnitInspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="rectifications"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    description = models.TextField(_("what must be put right"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("unit's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(GreaterThan(Length(Trim("response")), 0)) & Q(answered_at__isnull=False)),
                name="rectification_answered_has_response",
                violation_error_message=_("An answered item must carry the unit's answer."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="rectification_closed_has_time",
                violation_error_message=_("A closed item records when it was closed."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.description[:60]

    @staticmethod
    def overdue_condition(on: dt.date) -> Q:
        """Still open after its due date: lists mark, filter and count these with this one condition."""
        return Q(status=RectificationItem.Status.OPEN, due_date__lt=on)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date < timezone.localdate()
