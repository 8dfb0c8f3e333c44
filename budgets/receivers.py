"""A new top-level jurisdiction gets the default coefficient table, which the levels below inherit until
they set their own (as budgets/migrations/0002_default_coefficients.py gave the single installation)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Jurisdiction

from .models import GradeCoefficient
from .settlements import DEFAULT_COEFFICIENTS


@receiver(post_save, sender=Jurisdiction, dispatch_uid="budgets_default_coefficients")
def default_coefficients_for_top_level(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.parent_id is None:
        GradeCoefficient.objects.bulk_create(
            [GradeCoefficient(jurisdiction=instance, grade=g, coefficient=c) for g, c in DEFAULT_COEFFICIENTS.items()],
            ignore_conflicts=True,
        )
