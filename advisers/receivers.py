"""A new top-level jurisdiction gets the default monitoring settings, which the levels below inherit until
they set their own (as advisers/migrations/0003_default_settings.py gave the single installation)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Jurisdiction

from .models import AdviserSettings


@receiver(post_save, sender=Jurisdiction, dispatch_uid="advisers_default_settings")
def default_settings_for_top_level(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.parent_id is None:
        AdviserSettings.objects.get_or_create(jurisdiction=instance)
