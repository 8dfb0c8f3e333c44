"""Findings follow the duty records and engagements they depend on (signals sent by advisers.services);
a new top-level jurisdiction gets the default procurement thresholds."""

from decimal import Decimal

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Jurisdiction
from advisers.models import SelectionMethod
from advisers.signals import duty_records_changed, engagements_changed

from .models import ContractRuleSettings, ProcurementBand
from .services import findings_recompute_for


@receiver(duty_records_changed, dispatch_uid="contracts_findings_on_duty_records")
def recompute_on_duty_records(sender, *, unit_ids, adviser_ids, **kwargs):
    findings_recompute_for(unit_ids=unit_ids, adviser_ids=adviser_ids)


@receiver(engagements_changed, dispatch_uid="contracts_findings_on_engagements")
def recompute_on_engagements(sender, *, engagement_ids, **kwargs):
    findings_recompute_for(engagement_ids=engagement_ids)


# The thresholds a new installation starts from (contracts/migrations/0003_default_thresholds.py explains them).
_LIMIT, _TENDER = Decimal("1000000"), Decimal("4000000")
DEFAULT_BANDS = {
    SelectionMethod.PUBLIC_SELECTION: (Decimal("0"), _LIMIT),
    SelectionMethod.INQUIRY: (Decimal("0"), _TENDER),
    SelectionMethod.COMPETITIVE_CONSULTATION: (Decimal("0"), _TENDER),
    SelectionMethod.COMPETITIVE_NEGOTIATION: (Decimal("0"), _TENDER),
    SelectionMethod.SINGLE_SOURCE: (Decimal("0"), _TENDER),
    SelectionMethod.OPEN_TENDER: (Decimal("0"), None),
}


@receiver(post_save, sender=Jurisdiction, dispatch_uid="contracts_default_bands")
def default_rules_for_top_level(sender, instance, created, raw=False, **kwargs):
    """A top-level jurisdiction holds the defaults every level below inherits until it sets its own."""
    if created and not raw and instance.parent_id is None:
        ContractRuleSettings.objects.get_or_create(jurisdiction=instance)
        bands = [
            ProcurementBand(jurisdiction=instance, method=method, min_amount=low, max_amount=high)
            for method, (low, high) in DEFAULT_BANDS.items()
        ]
        ProcurementBand.objects.bulk_create(bands, ignore_conflicts=True)
