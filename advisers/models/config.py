from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.jurisdictions import JurisdictionSettings


class AdviserSettings(JurisdictionSettings):
    """When an adviser counts as hired but not used, how early terms ending are listed, and how many units
    one adviser may serve at a time (the conflict-of-interest review)."""

    jurisdiction = models.OneToOneField(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="adviser_settings",
    )
    idle_months = models.PositiveSmallIntegerField(
        _("months without records before 'hired but not used'"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("An adviser with an engagement in force and no duty record for this many months is flagged."),
    )
    ending_days = models.PositiveSmallIntegerField(
        _("days before a term ends to list it"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # Neither the article nor the city's rules give a number: 3 is the default (README, "Conflict of interest").
    max_units = models.PositiveSmallIntegerField(
        _("most units one adviser may serve"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("An engagement that makes an adviser serve more units at once is held for conflict review."),
    )

    class Meta:
        verbose_name = _("adviser monitoring settings")
        verbose_name_plural = _("adviser monitoring settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(idle_months__gte=1) & Q(idle_months__lte=36),
                name="adviser_settings_idle_months_range",
                violation_error_message=_("Enter between 1 and 36 months."),
            ),
            models.CheckConstraint(
                condition=Q(ending_days__gte=1) & Q(ending_days__lte=365),
                name="adviser_settings_ending_days_range",
                violation_error_message=_("Enter between 1 and 365 days."),
            ),
            models.CheckConstraint(
                condition=Q(max_units__gte=1) & Q(max_units__lte=50),
                name="adviser_settings_max_units_range",
                violation_error_message=_("Enter between 1 and 50 units."),
            ),
        ]
