"""Every xlsx export, read back with openpyxl: user text that starts like a formula is a text cell (with
Excel's quote prefix), never a formula; numbers stay numbers."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Unit
from advisers.excel import AdviserResource, UnitResource
from budgets.models import BudgetRequest
from contracts.resources import ServiceContractResource
from tests import factories as budget_factories
from tests.factories import AdviserFactory, ContractFactory
from ui.spreadsheets import FORMULA_TRIGGERS, append_row

EVIL = '=HYPERLINK("http://evil.example/","点击")'


def _cells(content: bytes):
    sheet = load_workbook(BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(content: bytes, *texts: str):
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula cell in the export"
    by_value = {c.value: c for c in cells}
    for text in texts:
        text = text.replace("\r", "\n")  # XML reads a carriage return back as a line feed
        assert text in by_value, f"{text!r} missing from the export"
        assert by_value[text].data_type == "s" and by_value[text].quotePrefix
    return cells


def _admin_export(client, model_name: str, resource_class) -> bytes:
    prefix = resource_class.__name__.lower()
    names = [field.column_name and name for name, field in resource_class().fields.items()]
    response = client.post(
        reverse(f"admin:{model_name}_export"), {"format": "0", **{f"{prefix}_{n}": "on" for n in names}}
    )
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_append_row_writes_every_trigger_as_text_and_numbers_as_numbers():
    sheet = Workbook().active
    texts = [f"{c}1+1" for c in FORMULA_TRIGGERS]
    append_row(sheet, [*texts, 5, Decimal("-2.50"), "plain", "x\x01y"])
    buffer = BytesIO()
    sheet.parent.save(buffer)
    cells = _assert_no_formula(buffer.getvalue(), *texts)
    values = [c.value for c in cells]
    assert values[len(texts) : len(texts) + 2] == [5, -2.5]
    assert [c.data_type for c in cells[len(texts) : len(texts) + 2]] == ["n", "n"]
    assert not cells[-2].quotePrefix  # ordinary text gets no prefix
    assert values[-1] == "x\N{REPLACEMENT CHARACTER}y"  # a control character openpyxl would refuse


def test_the_unit_export_writes_a_formula_name_as_text(client_for, bureau, unit_a):
    Unit.objects.filter(pk=unit_a.pk).update(name=EVIL)
    _assert_no_formula(_admin_export(client_for(bureau), "accounts_unit", UnitResource), EVIL)


def test_the_adviser_export_writes_formula_text_as_text(client_for, bureau, unit_a):
    AdviserFactory(name="@SUM(A1:A9)", affiliation="+1+1", specialties="-1-1", licence_no="14302201910123999")
    content = _admin_export(client_for(bureau), "advisers_adviser", AdviserResource)
    _assert_no_formula(content, "@SUM(A1:A9)", "+1+1", "-1-1")


def test_the_contract_export_writes_formula_text_as_text(client_for, bureau, unit_a):
    ContractFactory(
        unit=unit_a, adviser=AdviserFactory(name="张律师"), number="\t=1+1", scope=EVIL, amount=Decimal("12000")
    )
    content = _admin_export(client_for(bureau), "contracts_servicecontract", ServiceContractResource)
    _assert_no_formula(content, "\t=1+1", EVIL)


@pytest.mark.django_db
def test_the_approval_queue_export_writes_formula_text_as_text(client_for, finance, unit_a, bureau):
    budget_factories.bulk(unit_a, 1, reviewer=bureau)
    BudgetRequest.objects.update(title=EVIL, review_comment="-cmd|' /C calc'!A0")
    response = client_for(finance).get(reverse("budgets:approval_queue_export"))
    cells = _assert_no_formula(response.content, EVIL, "-cmd|' /C calc'!A0")
    amounts = [c for c in cells if c.value == 21000]
    assert amounts and amounts[0].data_type == "n"  # amounts stay numbers
