"""Amounts in the admin read as on every page (1,500,000.00元): in the lists, and on a change page shown
read-only, as an auditor sees it; a form that edits the amount keeps its plain input."""

from decimal import Decimal

from django.urls import reverse

from tests.factories import ContractFactory


def test_an_auditor_reads_a_contracts_amount_with_thousands_separators(client_for, auditor, unit_a):
    contract = ContractFactory(unit=unit_a, amount=Decimal("120000.00"))
    page = client_for(auditor).get(reverse("admin:contracts_servicecontract_change", args=[contract.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "120,000.00元" in body
    assert "120000.00" not in body
    assert 'name="amount"' not in body


def test_bureau_staff_edit_the_amount_in_its_input(client_for, bureau, unit_a):
    contract = ContractFactory(unit=unit_a, amount=Decimal("120000.00"))
    page = client_for(bureau).get(reverse("admin:contracts_servicecontract_change", args=[contract.pk]))
    assert page.status_code == 200
    assert 'name="amount" value="120000.00"' in page.content.decode()


def test_the_lists_show_amounts_in_yuan(client_for, auditor, unit_a):
    ContractFactory(unit=unit_a, amount=Decimal("1500000.00"))
    page = client_for(auditor).get(reverse("admin:contracts_servicecontract_changelist"))
    assert "1,500,000.00元" in page.content.decode()
