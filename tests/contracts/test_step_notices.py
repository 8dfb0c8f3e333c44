"""A contract registered (or changed) with a problem tells the unit's legal officers, who put it right; the
notice opens the contract and its findings for them. Nobody else is told, and a finding already told is not
told again."""

import datetime as dt

import pytest

from accounts.models import Notice
from accounts.roles import Role
from contracts import services
from tests.factories import ContractFactory, EngagementFactory, make_user


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
    fields.update(number="株住建法〔2025〕3号", unit=engagement.unit, adviser=engagement.adviser, engagement=engagement)
    fields.update(values)
    return services.contract_save(actor=bureau, **fields)


def test_a_new_finding_tells_the_units_officers_once(told, bureau, engagement, officer_a, outsiders):
    officer_a2 = make_user("officer_a2", Role.OFFICER, officer_a.unit)
    contract = _save(bureau, engagement, clause_confidentiality=False)
    assert told("contract_finding:opened") == {"officer_a", "officer_a2"}
    notice = Notice.objects.get(recipient=officer_a2)
    assert notice.title == "市住房和城乡建设局的合同株住建法〔2025〕3号发现新问题，请整改"
    assert notice.body == "合同缺少以下必备条款：保密。"
    services.contract_save(actor=bureau, contract=contract, amount=contract.amount)  # the same finding, still open
    assert Notice.objects.filter(recipient=officer_a2).count() == 1


def test_a_complete_contract_tells_nobody(bureau, engagement, officer_a):
    _save(bureau, engagement)
    assert not Notice.objects.exists()
