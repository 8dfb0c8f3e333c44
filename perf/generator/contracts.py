"""Service contracts: one per engagement (most with every required clause), in the engagement's term."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from contracts.models import ServiceContract

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
            if rng.random() < 0.15:  # the 2023 inspection's "incomplete contracts"
                for field in rng.sample(CLAUSES, rng.choice((1, 2))):
                    clauses[field] = False
            yield ServiceContract(
                unit_id=unit_id, adviser_id=adviser_id, engagement_id=engagement_id,
                number=f"FL-{start.year}-{i + 1:06d}", signed_on=start - timedelta(days=rng.randrange(0, 10)),
                start_date=start, end_date=end, fee_basis=rng.choice(ServiceContract.FeeBasis.values),
                amount=Decimal(rng.randrange(20, 600)) * 500, procurement_method=method,
                procurement_ref=f"CG{start.year}{i:07d}", scope="日常法律咨询、合同审查、诉讼代理", **clauses,
            )

    bulk_insert(ServiceContract, rows(), ctx)
