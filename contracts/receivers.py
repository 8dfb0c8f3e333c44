"""Findings follow the duty records and engagements they depend on (signals sent by advisers.services)."""

from django.dispatch import receiver

from advisers.signals import duty_records_changed, engagements_changed

from .services import findings_recompute_for


@receiver(duty_records_changed, dispatch_uid="contracts_findings_on_duty_records")
def recompute_on_duty_records(sender, *, unit_ids, adviser_ids, **kwargs):
    findings_recompute_for(unit_ids=unit_ids, adviser_ids=adviser_ids)


@receiver(engagements_changed, dispatch_uid="contracts_findings_on_engagements")
def recompute_on_engagements(sender, *, engagement_ids, **kwargs):
    findings_recompute_for(engagement_ids=engagement_ids)
