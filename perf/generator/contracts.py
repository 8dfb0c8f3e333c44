"""Service contracts: one per engagement (most with every required clause), in the engagement's term."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from contracts import rules
from contracts.models import ContractFinding, ServiceContract

from .base import Context, bulk_insert, family

CLAUSES = [field for field, _label in ServiceContract.REQUIRED_CLAUSES]


@family("contracts", order=50, models=["contracts.ServiceContract"])
def contracts(ctx: Context) -> None:
    rng = ctx.rng
    chosen = rng.sample(ctx.engagements, min(ctx.scale.contracts, len(ctx.engagements)))
    while len(chosen) < ctx.scale.contracts:
        chosen.append(rng.choice(ctx.engagements))

    def rows():
        for i, (engagement_id, adviser_id, unit_id, _role, start, end, method) in enumerate(chosen):
            clauses = dict.fromkeys(CLAUSES, True)
            if rng.random() < ctx.scale.incomplete_contracts:  # the 2023 inspection's "incomplete contracts"
                for field in rng.sample(CLAUSES, rng.choice((1, 2))):
                    clauses[field] = False
            yield ServiceContract(
                unit_id=unit_id,
                adviser_id=adviser_id,
                engagement_id=engagement_id,
                number=f"FL-{start.year}-{i + 1:06d}",
                signed_on=start - timedelta(days=rng.randrange(0, 10)),
                start_date=start,
                end_date=end,
                fee_basis=rng.choice(ServiceContract.FeeBasis.values),
                amount=Decimal(rng.randrange(20, 600)) * 500,
                procurement_method=method,
                procurement_ref=f"CG{start.year}{i:07d}",
                scope="日常法律咨询、合同审查、诉讼代理",
                **clauses,
            )

    ctx.contract_ids = bulk_insert(ServiceContract, rows(), ctx)


@family("contract_findings", order=55, models=["contracts.ContractFinding"])
def contract_findings(ctx: Context) -> None:
    """The findings the real rules (contracts.rules) report on the generated contracts, as open findings.

    Rules run in batches as `findings_recompute` does, but the findings are bulk-inserted (no audit rows).
    """

    def rows():
        context = rules.Context.load(None)  # the top level's rules: no level below sets its own here
        with translation.override(settings.LANGUAGE_CODE):
            for start in range(0, len(ctx.contract_ids), 2_000):
                batch = ServiceContract.objects.filter(pk__in=ctx.contract_ids[start : start + 2_000]).select_related(
                    "engagement"
                )
                for contract in batch:
                    for code, message in rules.check(contract, context).items():
                        yield ContractFinding(contract=contract, rule=code, message=message)

    bulk_insert(ContractFinding, rows(), ctx)
