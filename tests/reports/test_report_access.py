"""Who gets which report: auditors and bureau staff all; officers their own unit's; finance the fee
summary and the settlement sheet; everyone else nothing. Another unit's id is a 404, like a guessed id anywhere else."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.models import Unit
from accounts.roles import Role
from tests.conftest import built_once
from tests.factories import make_user
from tests.world import advisers_at, matrix_world

from .demo import export, pdf_text

pytestmark = pytest.mark.django_db

KEYS = ["budget-summary", "adviser-performance", "inspection-letter", "work-report"]


# The permission matrix's world (tests/world.py): unit A's and unit B's records of every kind, an inspection
# and a work report included, and one user per role; built once for the module, each test rolled back.
world = built_once(matrix_world)


def _at(world):
    return world.a["unit"], world.b["unit"]


def _params(key, unit):
    return {"year": 2025, "through_quarter": 4} if key == "budget-summary" else {"year": 2025, "unit": unit.pk}


def test_auditors_and_bureau_staff_export_every_report(client_for, world):
    unit_a, _unit_b = _at(world)
    for user in (world.users["auditor"], world.users["bureau"]):
        for key in KEYS:
            response = export(client_for(user), key, **_params(key, unit_a))
            assert response.status_code == 200, (user, key, response.content[:300])
            assert response["Content-Type"] == "application/pdf"
    exported = LogEntry.objects.filter(additional_data__event="export_pdf")
    assert exported.count() == 8 and {e.additional_data["report"] for e in exported} == set(KEYS)


def test_an_officer_exports_their_own_units_reports(client_for, world):
    unit_a, _unit_b = _at(world)
    for key in KEYS:
        response = export(client_for(world.users["officer_a"]), key, **_params(key, unit_a))
        assert response.status_code == 200, (key, response.content[:300])


@pytest.mark.parametrize("key", ["adviser-performance", "inspection-letter", "work-report"])
def test_another_units_report_is_a_404_for_an_officer(client_for, world, key):
    _unit_a, unit_b = _at(world)
    assert export(client_for(world.users["officer_a"]), key, year=2025, unit=unit_b.pk).status_code == 404
    assert not LogEntry.objects.filter(additional_data__event="export_pdf").exists()


def test_a_guessed_unit_in_the_fee_summary_is_a_404(client_for, world):
    unit_a, unit_b = _at(world)
    client = client_for(world.users["officer_a"])
    assert (
        export(client, "budget-summary", year=2025, through_quarter=4, units=[unit_a.pk, unit_b.pk]).status_code == 404
    )
    assert export(client, "budget-summary", year=2025, through_quarter=4, units=[999999]).status_code == 404


def test_a_unit_in_scope_that_was_not_inspected_is_a_form_error(client_for, world):
    unit_a, _unit_b = _at(world)
    child = Unit.objects.create(name="市房屋征收服务中心", parent=unit_a, kind=Unit.Kind.OTHER)
    response = export(client_for(world.users["officer_a"]), "inspection-letter", year=2025, unit=child.pk)
    assert response.status_code == 400
    assert "该单位" in response.content.decode()


def test_finance_gets_the_fee_reports_only(client_for, world):
    unit_a, _unit_b = _at(world)
    client = client_for(world.users["finance"])
    assert export(client, "budget-summary", year=2025, through_quarter=4).status_code == 200
    for key in KEYS[1:]:
        assert export(client, key, **_params(key, unit_a)).status_code == 404
    page = client.get(reverse("reports:index")).content.decode()
    assert "经费预算与节约情况汇总" in page and "法律顾问服务费结算表" in page  # tests/reports/test_settlement_pdf.py
    assert "合同专项清查反馈函" not in page


@pytest.mark.parametrize("role", [Role.ADVISER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_other_roles_get_no_report(client_for, world, role):
    unit_a, _unit_b = _at(world)
    extra = {}
    if role == Role.ADVISER:
        extra["adviser"] = world.a["adviser"]
    user = make_user(f"user-{role}", role, unit_a, **extra)
    client = client_for(user)
    for key in KEYS:
        assert export(client, key, **_params(key, unit_a)).status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    unit_a, _unit_b = _at(world)
    response = export(client, "inspection-letter", year=2025, unit=unit_a.pk)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_adviser_named_like_markup_prints_literally_and_nothing_is_fetched(client_for, world, monkeypatch):
    unit_a, _unit_b = _at(world)
    from reports.pdf import StaticOnlyFetcher

    fetched = []
    original = StaticOnlyFetcher.fetch
    monkeypatch.setattr(
        StaticOnlyFetcher, "fetch", lambda self, url, headers=None: fetched.append(url) or original(self, url, headers)
    )
    evil = '<img src="file:///etc/passwd">'
    advisers_at(unit_a, 1, names=[evil])
    response = export(client_for(world.users["auditor"]), "adviser-performance", year=2025, unit=unit_a.pk)
    assert response.status_code == 200
    # The narrow name column wraps the name: compare without the line breaks the table put in.
    assert "".join(evil.split()) in "".join(pdf_text(response.content).split())
    assert fetched == []


def test_an_officer_may_pick_their_own_budget_unit(client_for, world):
    unit_a, _unit_b = _at(world)
    officer = world.users["officer_a"]
    response = export(client_for(officer), "budget-summary", year=2025, through_quarter=4, units=[unit_a.pk])
    assert response.status_code == 200
    assert "市住房和城乡建设局" in pdf_text(response.content)


def test_finance_finds_the_reports_page_in_the_menu(client_for, world):
    page = client_for(world.users["finance"]).get(reverse("portal:home")).content.decode()
    assert reverse("reports:index") in page
