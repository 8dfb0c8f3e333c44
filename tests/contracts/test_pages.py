"""Contract and findings pages: scope, refusals, constant query counts."""

import pytest
from django.urls import reverse

from contracts.models import ServiceContract
from contracts.services import findings_recompute
from tests.factories import ContractFactory, EngagementFactory


def _contracts(n, unit):
    for _ in range(n):
        engagement = EngagementFactory(unit=unit)
        ContractFactory(unit=unit, adviser=engagement.adviser, engagement=engagement, clause_conflict=False)
    findings_recompute(contracts=ServiceContract.objects.all())


@pytest.mark.parametrize("url_name,queries", [("contracts:list", 6), ("contracts:findings", 7)])
@pytest.mark.parametrize("rows", [3, 30])
def test_list_pages_run_a_constant_number_of_queries(
    client_for, officer_a, unit_a, url_name, queries, rows, django_assert_num_queries
):
    _contracts(rows, unit_a)
    client = client_for(officer_a)
    with django_assert_num_queries(queries):
        assert client.get(reverse(url_name)).status_code == 200


def test_officer_sees_own_units_contracts_and_findings_only(client_for, officer_a, unit_a, unit_b):
    _contracts(1, unit_a)
    other = ContractFactory(unit=unit_b, number="B-单位合同", clause_scope=False)
    findings_recompute(contracts=[other])
    client = client_for(officer_a)
    assert "B-单位合同" not in client.get(reverse("contracts:list")).content.decode()
    body = client.get(reverse("contracts:findings")).content.decode()
    assert "利益冲突回避" in body and "B-单位合同" not in body
    assert client.get(reverse("contracts:detail", args=[other.pk])).status_code == 404


def test_bureau_sees_every_units_findings(client_for, bureau, unit_a, unit_b):
    _contracts(1, unit_a)
    _contracts(1, unit_b)
    body = client_for(bureau).get(reverse("contracts:findings")).content.decode()
    assert unit_a.name in body and unit_b.name in body


def test_contract_detail_shows_its_findings_in_chinese(client_for, officer_a, unit_a):
    _contracts(1, unit_a)
    contract = ServiceContract.objects.get()
    body = client_for(officer_a).get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "缺少必备条款" in body and "利益冲突回避" in body


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    assert client.get(reverse("contracts:list")).status_code == 302


def test_lists_refuse_post(client_for, officer_a):
    assert client_for(officer_a).post(reverse("contracts:list")).status_code == 405
    assert client_for(officer_a).post(reverse("contracts:findings")).status_code == 405


def test_bureau_adds_a_contract_missing_a_clause_in_the_admin_and_sees_the_finding(
    client_for, bureau, unit_a, adviser_a
):
    data = {
        "unit": unit_a.pk,
        "adviser": adviser_a.pk,
        "number": "ADM-1",
        "signed_on": "2024-01-05",
        "start_date": "2024-01-10",
        "end_date": "2025-12-31",
        "fee_basis": "fixed_annual",
        "amount": "100000",
        "procurement_method": "competitive_consultation",
        "clause_scope": "on",
        "clause_fees": "on",
        "clause_term": "on",
        "clause_confidentiality": "on",
        "clause_liability": "on",
        "clause_assessment": "on",
        "clause_termination": "on",
        "findings-TOTAL_FORMS": "0",
        "findings-INITIAL_FORMS": "0",
    }
    response = client_for(bureau).post(reverse("admin:contracts_servicecontract_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    contract = ServiceContract.objects.get(number="ADM-1")
    assert list(contract.findings.values_list("rule", flat=True)) == ["missing_clauses"]
