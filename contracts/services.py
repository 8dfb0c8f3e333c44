"""Writes to service contracts and their findings."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Notice, User
from accounts.policy import officers_of
from accounts.services import notices_create
from audit.trail import acting_as

from . import rules
from .models import ContractFinding, ContractRuleSettings, ProcurementBand, ServiceContract
from .tasks import recompute_all_findings
from .uploads import validate_pdf_upload


def contract_save(*, actor, contract: ServiceContract | None = None, **fields) -> ServiceContract:
    """Create or change a contract; its findings are recomputed in the same transaction."""
    contract = contract or ServiceContract()
    # As stored: an admin form has already changed the instance in memory.
    before = (
        ServiceContract.objects.filter(pk=contract.pk).values_list("unit_id", "adviser_id").first()
        if contract.pk
        else None
    ) or (contract.unit_id, contract.adviser_id)
    for name, value in fields.items():
        setattr(contract, name, value)
    if contract.signed_file and hasattr(contract.signed_file, "file") and not contract.signed_file._committed:
        validate_pdf_upload(contract.signed_file.file)
    contract.full_clean()
    with transaction.atomic(), acting_as(actor):
        try:
            with transaction.atomic():
                contract.save()
        except IntegrityError as exc:
            raise ValidationError(_("The record conflicts with another one: %(error)s") % {"error": exc}) from exc
        # A contract covers work after another one of the same unit and adviser expired: recheck them all.
        pairs = Q(unit_id=contract.unit_id, adviser_id=contract.adviser_id) | Q(unit_id=before[0], adviser_id=before[1])
        findings_recompute(contracts=ServiceContract.objects.filter(pairs))
    return contract


def contract_attach_file(*, actor, contract: ServiceContract, upload) -> ServiceContract:
    """Attach the signed PDF (checked whatever its name or type says); the old file is removed after commit."""
    validate_pdf_upload(upload)
    old_name = contract.signed_file.name if contract.signed_file else ""
    with transaction.atomic(), acting_as(actor):
        contract.signed_file.save("signed.pdf", upload, save=False)
        contract.save(update_fields=["signed_file"])
        if old_name:
            storage = contract.signed_file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return contract


def findings_recompute(*, contracts: Iterable[ServiceContract] | QuerySet) -> int:
    """Run every rule on these contracts; open new findings, update changed ones, resolve cleared ones.

    Messages are stored in the site language (they are read by bureau staff and officers alike). The
    unit's legal officers are told of each contract with a new finding: they put it right.
    Returns the number of findings opened or resolved.
    """
    if isinstance(contracts, QuerySet):
        contracts = contracts.select_related("engagement", "unit")
    contracts = list(contracts)
    if not contracts:
        return 0
    contexts: dict[int | None, rules.Context] = {}
    now = timezone.now()
    changes = 0
    opened: dict[ServiceContract, list[str]] = {}
    open_findings: dict[int, dict[str, ContractFinding]] = {}
    for finding in ContractFinding.objects.filter(
        contract__in=[c.pk for c in contracts], status=ContractFinding.Status.OPEN
    ):
        open_findings.setdefault(finding.contract_id, {})[finding.rule] = finding
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for contract in contracts:
            key = contract.unit.jurisdiction_id
            if key not in contexts:
                contexts[key] = rules.Context.load(contract.unit)  # the same for every unit of a jurisdiction
            found = rules.check(contract, contexts[key])
            current = open_findings.get(contract.pk, {})
            for code, message in found.items():
                finding = current.get(code)
                if finding is None:
                    ContractFinding.objects.create(contract=contract, rule=code, message=message)
                    opened.setdefault(contract, []).append(message)
                    changes += 1
                elif finding.message != message:
                    finding.message = message
                    finding.save(update_fields=["message"])
            for code, finding in current.items():
                if code not in found:
                    finding.status, finding.resolved_at = ContractFinding.Status.RESOLVED, now
                    finding.save(update_fields=["status", "resolved_at"])
                    changes += 1
        if opened:
            _tell_units(opened)
    return changes


def _tell_units(opened: dict[ServiceContract, list[str]]) -> None:
    """One notice per contract with new findings to its unit's legal officers, whoever or whatever (a
    rule change, a duty record) raised them; the officers of every unit in one query, whatever the count."""
    officers: dict[int, list[User]] = {}
    for user in User.objects.filter(officers_of({c.unit_id for c in opened}), is_active=True):
        officers.setdefault(user.unit_id, []).append(user)
    notices_create(
        [
            Notice(
                recipient=user,
                kind="contract_finding:opened",
                title=_("The contract %(number)s of %(unit)s has new findings to put right")
                % {"number": contract.number, "unit": contract.unit.name},
                body="\n".join(messages),
                link=reverse("contracts:detail", args=[contract.pk]),
            )
            for contract, messages in opened.items()
            for user in officers.get(contract.unit_id, [])
        ]
    )


def findings_recompute_for(
    *, unit_ids: Iterable[int] = (), adviser_ids: Iterable[int] = (), engagement_ids: Iterable[int] = ()
) -> int:
    """Recompute the contracts that a change of duty records or engagements may affect."""
    unit_ids, adviser_ids, engagement_ids = set(unit_ids), set(adviser_ids), set(engagement_ids)
    condition = Q(engagement_id__in=engagement_ids)
    if unit_ids and adviser_ids:
        condition |= Q(unit_id__in=unit_ids, adviser_id__in=adviser_ids)
    return findings_recompute(contracts=ServiceContract.objects.filter(condition))


def rules_save(*, actor, rule: ContractRuleSettings | ProcurementBand) -> None:
    """Change a jurisdiction's thresholds; every contract is checked again once that is committed."""
    with transaction.atomic(), acting_as(actor):
        rule.full_clean()
        rule.save()
        transaction.on_commit(recompute_all_findings.delay)


def rules_delete(*, actor, rule: ContractRuleSettings | ProcurementBand) -> None:
    """Delete a county's own thresholds (it follows its city's again); every contract is checked again."""
    with transaction.atomic(), acting_as(actor):
        rule.delete()
        transaction.on_commit(recompute_all_findings.delay)


def findings_recompute_all() -> int:
    """After thresholds change: every contract, in batches."""
    changes = 0
    ids = list(ServiceContract.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        changes += findings_recompute(contracts=ServiceContract.objects.filter(pk__in=ids[start : start + 500]))
    return changes
