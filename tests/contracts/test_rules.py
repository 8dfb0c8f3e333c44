"""Every contract shows its findings, recomputed when the contract, its engagement or duty records change."""

import datetime as dt
from decimal import Decimal

import pytest

from advisers import services as adviser_services
from contracts import services
from contracts.models import ContractFinding, ContractRuleSettings, ProcurementBand, Rule
from tests.factories import ContractFactory, EngagementFactory


def _open(contract):
    return dict(contract.findings.filter(status=ContractFinding.Status.OPEN).values_list("rule", "message"))


@pytest.fixture
def engagement(unit_a):
    return EngagementFactory(
        unit=unit_a,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 12, 31),
        selection_completed_on=dt.date(2023, 12, 20),
    )


def _save(bureau, engagement, **values):
    fields = {
        field.name: getattr(ContractFactory.build(), field.name)
        for field in ContractFactory._meta.model._meta.concrete_fields
        if field.name.startswith("clause_")
        or field.name in ("signed_on", "start_date", "end_date", "amount", "procurement_method")
    }
    fields.update(number="HT-1", unit=engagement.unit, adviser=engagement.adviser, engagement=engagement)
    fields.update(values)
    return services.contract_save(actor=bureau, **fields)


def test_a_complete_contract_has_no_findings(bureau, engagement):
    assert _open(_save(bureau, engagement)) == {}


def test_missing_clauses_are_named(bureau, engagement):
    contract = _save(bureau, engagement, clause_confidentiality=False, clause_conflict=False)
    assert _open(contract) == {Rule.MISSING_CLAUSES: "合同缺少以下必备条款：保密、利益冲突回避。"}


def test_a_fixed_contract_resolves_its_finding_and_keeps_the_history(bureau, engagement):
    contract = _save(bureau, engagement, clause_confidentiality=False)
    services.contract_save(actor=bureau, contract=contract, clause_confidentiality=True)
    finding = contract.findings.get()
    assert finding.status == ContractFinding.Status.RESOLVED and finding.resolved_at is not None


def test_public_selection_above_the_procurement_limit_is_a_finding(bureau, engagement):
    contract = _save(bureau, engagement, procurement_method="public_selection", amount=Decimal("1200000"))
    assert Rule.PROCUREMENT_METHOD in _open(contract)
    assert "1,000,000.00" in _open(contract)[Rule.PROCUREMENT_METHOD]


def test_thresholds_are_editable_and_change_the_result(bureau, engagement):
    contract = _save(bureau, engagement, procurement_method="public_selection", amount=Decimal("1200000"))
    ProcurementBand.objects.filter(method="public_selection").update(max_amount=Decimal("2000000"))
    services.findings_recompute_all()
    assert _open(contract) == {}


def test_a_term_longer_than_allowed_is_a_finding(bureau, engagement):
    contract = _save(bureau, engagement, start_date=dt.date(2024, 1, 1), end_date=dt.date(2027, 1, 1))
    assert Rule.TERM_TOO_LONG in _open(contract)
    settings = ContractRuleSettings.for_jurisdiction(None)
    settings.max_term_months = 60
    settings.save()
    services.findings_recompute_all()
    assert Rule.TERM_TOO_LONG not in _open(contract)


def test_exactly_three_years_is_allowed(bureau, engagement):
    assert _open(_save(bureau, engagement, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31))) == {}


def test_a_contract_signed_before_the_selection_finished_is_a_finding(bureau, engagement):
    contract = _save(bureau, engagement, signed_on=dt.date(2023, 12, 1))
    assert Rule.SIGNED_BEFORE_SELECTION in _open(contract)


def test_changing_the_engagement_recomputes_its_contracts(bureau, engagement):
    contract = _save(bureau, engagement, signed_on=dt.date(2023, 12, 21))
    assert _open(contract) == {}
    adviser_services.engagement_save(actor=bureau, engagement=engagement, selection_completed_on=dt.date(2024, 1, 3))
    assert Rule.SIGNED_BEFORE_SELECTION in _open(contract)


def test_work_recorded_after_expiry_is_a_finding_until_a_contract_covers_it(bureau, engagement, unit_a):
    contract = _save(bureau, engagement, start_date=dt.date(2024, 1, 10), end_date=dt.date(2024, 12, 31))
    adviser_services.opinion_save(
        actor=bureau,
        adviser=engagement.adviser,
        unit=unit_a,
        date=dt.date(2025, 2, 1),
        matter_type="contract",
        subject="续签前的审查意见",
    )
    assert Rule.WORK_AFTER_EXPIRY in _open(contract)
    _save(bureau, engagement, number="HT-2", start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31))
    assert Rule.WORK_AFTER_EXPIRY not in _open(contract)


def test_the_fee_above_budget_rule_is_registered_by_the_budgets_app():
    from budgets.contract_rule import fee_above_budget
    from contracts import rules

    assert rules._RULES[Rule.FEE_ABOVE_BUDGET] is fee_above_budget  # the registry itself: nothing else lists it


def test_database_refuses_a_negative_amount_and_a_reversed_term(unit_a, engagement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(unit=unit_a, adviser=engagement.adviser, amount=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(
            unit=unit_a, adviser=engagement.adviser, start_date=dt.date(2025, 1, 1), end_date=dt.date(2024, 1, 1)
        )


def test_database_keeps_one_open_finding_per_rule(unit_a, engagement):
    from django.db import IntegrityError, transaction

    contract = ContractFactory(unit=unit_a, adviser=engagement.adviser)
    ContractFinding.objects.create(contract=contract, rule=Rule.MISSING_CLAUSES, message="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFinding.objects.create(contract=contract, rule=Rule.MISSING_CLAUSES, message="y")
