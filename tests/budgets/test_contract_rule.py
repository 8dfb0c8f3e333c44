"""A contract that costs more than the budget approved for its engagement gets a finding."""

from datetime import date
from decimal import Decimal

import pytest

from advisers.models import Adviser, Engagement
from budgets import services
from budgets.models import ItemType
from contracts.models import ContractFinding, Rule, ServiceContract
from contracts.services import findings_recompute
from tests import factories


@pytest.fixture
def engagement(unit_a):
    adviser = Adviser.objects.create(name="张律师", category=Adviser.Category.LAWYER)
    return Engagement.objects.create(
        adviser=adviser, unit=unit_a, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31)
    )


def _fund(engagement, officer, bureau, finance):
    """Approve a 2025 request whose counsel line (12 × 5,000, recommended and approved at 0.9) funds the engagement."""
    request = services.budget_request_create(
        actor=officer,
        year=2025,
        title="2025年度",
        justification="j",
        previous_year_amount=Decimal(0),
        lines=[
            services.LineData(
                item_type=ItemType.STANDING_COUNSEL, quarter=1, quantity=Decimal(12), engagement=engagement
            )
        ],
    )
    request = services.budget_request_submit(request=request, actor=officer)
    request = services.budget_request_review(
        request=request, actor=bureau, line_amounts=factories.amounts(request, ratio="0.9"), comment=""
    )
    return services.budget_request_approve(
        request=request, actor=finance, line_amounts=factories.amounts(request, "recommended_amount")
    )


def _contract(engagement, amount, fee_basis=ServiceContract.FeeBasis.FIXED_ANNUAL):
    contract = ServiceContract.objects.create(
        unit=engagement.unit,
        adviser=engagement.adviser,
        engagement=engagement,
        number=f"HT-{amount}",
        signed_on=date(2024, 12, 20),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
        fee_basis=fee_basis,
        amount=Decimal(amount),
        procurement_method="inquiry",
    )
    findings_recompute(contracts=[contract])
    return contract


def _open_rules(contract):
    return set(ContractFinding.objects.filter(contract=contract, status="open").values_list("rule", flat=True))


def test_a_fee_above_the_approved_line_is_a_finding(engagement, officer_a, bureau, finance, standards):
    _fund(engagement, officer_a, bureau, finance)  # approves 54,000 yuan for 2025
    contract = _contract(engagement, "60000")
    assert Rule.FEE_ABOVE_BUDGET in _open_rules(contract)
    finding = ContractFinding.objects.get(contract=contract, rule=Rule.FEE_ABOVE_BUDGET)
    assert "54,000.00" in finding.message and "2025" in finding.message


def test_a_fee_within_the_approved_line_passes(engagement, officer_a, bureau, finance, standards):
    _fund(engagement, officer_a, bureau, finance)
    assert Rule.FEE_ABOVE_BUDGET not in _open_rules(_contract(engagement, "54000"))


def test_a_contract_without_an_approved_budget_is_not_judged(engagement):
    assert Rule.FEE_ABOVE_BUDGET not in _open_rules(_contract(engagement, "999999"))


def test_approving_a_budget_rechecks_the_contracts_it_funds(engagement, officer_a, bureau, finance, standards):
    contract = _contract(engagement, "60000")
    assert Rule.FEE_ABOVE_BUDGET not in _open_rules(contract)
    _fund(engagement, officer_a, bureau, finance)
    assert Rule.FEE_ABOVE_BUDGET in _open_rules(contract)
