"""seed_demo builds the article's fee figures from records; finance and auditors see them on the page."""

import re

from django.test import Client
from django.urls import reverse

from accounts.models import User
from budgets.models import BudgetRequest


def _page(username, **params):
    from tests.conftest import _client_for

    client = _client_for(User.objects.get(username=username))
    response = client.get(reverse("budgets:statistics"), params)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_finance_auditors_and_the_bureau_see_the_articles_saving(demo):
    """One seed for all readers (seeding takes seconds): the explicit period and the default one."""
    for username in ["finance", "auditor", "bureau"]:
        page = _page(username, year=2025, through_quarter=3)
        assert "38家预算单位" in page
        assert "374.2万元 → 279.5万元，节约94.7万元（25.3%）" in page
        assert "3,742,000.00元" in page and "2,795,000.00元" in page and "947,000.00元" in page
    default = _page("finance")
    assert "2025年第1—3季度" in default and "374.2万元 → 279.5万元" in default


def test_an_officer_sees_only_their_own_unit_and_requests_in_every_state(demo):
    page = _page("officer", year=2025, through_quarter=3)
    assert "1家预算单位" in page and "市住房和城乡建设局" in page and "市交通运输局" not in page
    assert "374.2万元" not in page
    officer = User.objects.get(username="officer")
    states = set(BudgetRequest.objects.filter(unit=officer.unit).values_list("status", flat=True))
    assert states == {"draft", "reviewed", "returned", "approved"}
    assert set(BudgetRequest.objects.values_list("status", flat=True)) == set(BudgetRequest.Status.values)
    client = Client()
    client.force_login(User.objects.get(username="finance"))
    assert "市住房和城乡建设局" in client.get(reverse("budgets:approval_queue")).content.decode()
    assert BudgetRequest.objects.get(unit=officer.unit, year=2026, title="2026年度法律服务经费预算").is_centralised


def test_the_demo_settles_the_engagements_its_approved_budgets_fund(demo):
    from django.db.models import Sum

    from budgets.fee_statistics import Period, budget_statistics
    from budgets.models import Settlement

    assert set(Settlement.objects.values_list("year", "status")) == {(2024, "confirmed"), (2025, "prepared")}
    finance = User.objects.get(username="finance")
    settled = budget_statistics(user=finance, period=Period(2025, 4)).settled
    city = Settlement.objects.filter(year=2024, unit__jurisdiction=finance.jurisdiction)
    assert settled.previous == city.aggregate(total=Sum("amount"))["total"]
