"""Demo service contracts: one per external unit engagement and for the two retained law firms.

Some contracts break a rule on purpose, so the findings pages have something to show — each kind of
the 2023 inspection's problems: missing clauses, a procurement method that does not fit the amount,
a term longer than allowed, a contract signed before the selection finished, work after expiry.
The findings themselves are computed by the rules (contracts.services.findings_recompute).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from accounts.demo import COUNTY
from advisers.demo import PARTY_COMMITTEE
from advisers.models import Adviser, Engagement, LegalOpinion, SelectionMethod

from .models import ServiceContract
from .services import findings_recompute

ALL_CLAUSES = {field: True for field, _label in ServiceContract.REQUIRED_CLAUSES}
# Units that must have findings to show (the demo officers' units).
SHOWCASE = ("市住房和城乡建设局", "市交通运输局")


def _contract(engagement, number, **values):
    contract, _created = ServiceContract.objects.update_or_create(
        unit=engagement.unit,
        number=number,
        defaults={
            "adviser": engagement.adviser,
            "engagement": engagement,
            "fee_basis": ServiceContract.FeeBasis.FIXED_ANNUAL,
            **ALL_CLAUSES,
            **values,
        },
    )
    return contract


def seed(stdout=None):
    rng = random.Random(2025)
    engagements = list(
        Engagement.objects.filter(role=Engagement.Role.UNIT_ADVISER, status=Engagement.Status.ACTIVE)
        .exclude(adviser__category=Adviser.Category.INTERNAL)
        .exclude(unit__jurisdiction__name=COUNTY)  # seed_county_demo's, numbered apart
        .select_related("unit", "adviser")
        .order_by("unit__path", "adviser__name", "pk")
    )
    contracts = []
    for k, engagement in enumerate(engagements):
        unit = engagement.unit.name
        amount = Decimal(rng.randrange(60_000, 480_000, 1_000))
        values = {
            "signed_on": engagement.selection_completed_on + dt.timedelta(days=7)
            if engagement.selection_completed_on
            else engagement.start_date,
            "start_date": engagement.start_date,
            "end_date": engagement.end_date,
            "amount": amount,
            "procurement_method": engagement.selection_method,
            "procurement_ref": f"ZZCG-{engagement.start_date.year}-{k + 1:04d}",
            "scope": "法律咨询、合同审查、规范性文件合法性审查、诉讼与仲裁代理、法治宣传培训",
        }
        showcase = unit in SHOWCASE
        if k % 7 == 3 or (showcase and engagement.adviser.category == Adviser.Category.LAW_FIRM):
            values.update(clause_confidentiality=False, clause_conflict=False)
        if k % 11 == 5 or (showcase and engagement.adviser.category == Adviser.Category.LAWYER):
            values.update(procurement_method=SelectionMethod.PUBLIC_SELECTION, amount=Decimal("1280000.00"))
        if k % 13 == 7:
            values["end_date"] = engagement.start_date + relativedelta(years=5) - dt.timedelta(days=1)
        if k % 9 == 2 and engagement.selection_completed_on:
            values["signed_on"] = engagement.selection_completed_on - dt.timedelta(days=12)
        number = f"ZZFW-{engagement.start_date.year}-{k + 1:03d}"
        contracts.append(_contract(engagement, number, **values))
        if k % 10 == 6 or (showcase and engagement.adviser.category == Adviser.Category.LAW_FIRM):
            contracts.append(_expired_predecessor(engagement, number))

    for firm_unit in ("株洲市人民政府", PARTY_COMMITTEE):
        engagement = (
            Engagement.objects.filter(
                unit__name=firm_unit, adviser__category=Adviser.Category.LAW_FIRM, status=Engagement.Status.ACTIVE
            )
            .select_related("unit", "adviser")
            .first()
        )
        if engagement:
            contracts.append(
                _contract(
                    engagement,
                    f"ZZFW-{'SZF' if firm_unit != PARTY_COMMITTEE else 'SW'}-2024-001",
                    signed_on=dt.date(2023, 12, 25),
                    start_date=engagement.start_date,
                    end_date=engagement.end_date,
                    amount=Decimal("360000.00"),
                    procurement_method=SelectionMethod.COMPETITIVE_CONSULTATION,
                    procurement_ref="ZZCG-2023-0188" if firm_unit != PARTY_COMMITTEE else "ZZCG-2023-0190",
                    scope="常年法律顾问服务",
                    fee_basis=ServiceContract.FeeBasis.FIXED_ANNUAL,
                )
            )
    seed_county_demo()
    changed = findings_recompute(contracts=ServiceContract.objects.all())
    if stdout:
        stdout.write(f"  contracts: {ServiceContract.objects.count()}, findings opened or resolved now: {changed}")


def seed_county_demo() -> None:
    """醴陵市's contracts, numbered by its own procurement: all in order but one signed before the selection
    finished and without the confidentiality and conflict clauses, so that the county has findings."""
    engagements = (
        Engagement.objects.filter(
            unit__jurisdiction__name=COUNTY, role=Engagement.Role.UNIT_ADVISER, status=Engagement.Status.ACTIVE
        )
        .select_related("unit", "adviser")
        .order_by("unit__path", "adviser__name", "pk")
    )
    for k, engagement in enumerate(engagements):
        values = {
            "signed_on": engagement.selection_completed_on + dt.timedelta(days=5),
            "start_date": engagement.start_date,
            "end_date": engagement.end_date,
            "amount": Decimal(80_000 + 20_000 * k),
            "procurement_method": engagement.selection_method,
            "procurement_ref": f"LLCG-{engagement.start_date.year}-{k + 1:04d}",
            "scope": "法律咨询、合同审查、诉讼与仲裁代理",
        }
        if (
            engagement.unit.name == "醴陵市住房和城乡建设局"
            and engagement.adviser.category == Adviser.Category.LAW_FIRM
        ):
            values.update(
                signed_on=engagement.selection_completed_on - dt.timedelta(days=10),
                clause_confidentiality=False,
                clause_conflict=False,
            )
        _contract(engagement, f"LLFW-{engagement.start_date.year}-{k + 1:03d}", **values)


def _expired_predecessor(engagement, number):
    """An earlier one-year contract that expired two months before the engagement began, with an opinion
    written in the gap: "work recorded after expiry"."""
    end = engagement.start_date - relativedelta(months=2)
    start = end - relativedelta(years=1) + dt.timedelta(days=1)
    old = ServiceContract.objects.update_or_create(
        unit=engagement.unit,
        number=f"{number}-Q",
        defaults={
            "adviser": engagement.adviser,
            "engagement": None,
            **ALL_CLAUSES,
            "signed_on": start,
            "start_date": start,
            "end_date": end,
            "amount": Decimal("50000.00"),
            "procurement_method": SelectionMethod.PUBLIC_SELECTION,
            "fee_basis": ServiceContract.FeeBasis.PER_MATTER,
            "scope": "专项法律服务",
        },
    )[0]
    LegalOpinion.objects.update_or_create(
        adviser=engagement.adviser,
        unit=engagement.unit,
        subject=f"{engagement.unit.name}合同续签前的法律意见",
        defaults={
            "date": end + relativedelta(months=1),
            "matter_type": LegalOpinion.MatterType.CONTRACT,
            "source": LegalOpinion.Source.WRITTEN,
            "adoption": LegalOpinion.Adoption.ADOPTED,
        },
    )
    return old
