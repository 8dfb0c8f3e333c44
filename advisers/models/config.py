from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.jurisdictions import effective, top_of


class AdviserSettings(models.Model):
    """Settings a jurisdiction's bureau staff keep in the admin; at most one row per jurisdiction."""

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
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.jurisdiction}"

    @classmethod
    def for_jurisdiction(cls, where) -> "AdviserSettings":
        """The settings in force for `where` (a jurisdiction or a unit; None: the top level): its own, else
        the nearest above. Where none is stored (a top-level jurisdiction gets a row when it is created),
        unsaved defaults of the top level."""
        found = effective(cls.objects.select_related("jurisdiction"), where).first()
        return found or cls(jurisdiction=top_of(where))
