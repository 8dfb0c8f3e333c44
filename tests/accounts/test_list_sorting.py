"""Lists sort by the column heading a person clicks; a hand-typed sort key cannot break the page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ContractFactory, reviewed


def _numbers(body: str) -> list[str]:
    return re.findall(r">(HT-S\d)</a>", body)


@pytest.fixture
def contracts(unit_a):
    for number, amount in [("HT-S1", "90000"), ("HT-S2", "30000"), ("HT-S3", "60000")]:
        ContractFactory(unit=unit_a, number=number, amount=Decimal(amount))


def test_contracts_sort_by_amount_both_ways(client_for, officer_a, contracts):
    client = client_for(officer_a)
    body = client.get(reverse("contracts:list") + "?sort=amount").content.decode()
    assert _numbers(body) == ["HT-S2", "HT-S3", "HT-S1"]
    assert 'aria-sort="ascending"' in body and "?sort=-amount" in body  # a second click reverses
    body = client.get(reverse("contracts:list") + "?sort=-amount").content.decode()
    assert _numbers(body) == ["HT-S1", "HT-S3", "HT-S2"]


def test_sorting_keeps_the_filters_and_goes_back_to_the_first_page(client_for, officer_a, contracts):
    body = client_for(officer_a).get(reverse("contracts:list") + "?q=HT-S&page=1&sort=amount").content.decode()
    link = re.search(r'<th class="sortable num" aria-sort="none"><a href="\?([^"]+)"', body).group(1)
    assert "q=HT-S" in link and "page=" not in link and "sort=findings" in link


@pytest.mark.parametrize("sort", ["password", "-unit__parent__name", "", "--amount"])
def test_an_unknown_sort_key_falls_back_to_the_default_order(client_for, officer_a, contracts, sort):
    response = client_for(officer_a).get(reverse("contracts:list"), {"sort": sort})
    assert response.status_code == 200
    assert len(_numbers(response.content.decode())) == 3


def test_the_approval_queue_is_searched_and_sorted(client_for, finance, officer_a, officer_b, bureau):
    reviewed(officer_a, bureau, year=2027, title="住建局2027年度预算")
    reviewed(officer_b, bureau, year=2027, title="交通局2027年度预算", ratio="0.5")
    client = client_for(finance)
    body = client.get(reverse("budgets:approval_queue"), {"q": "交通"}).content.decode()
    assert "交通局2027年度预算" in body and "住建局2027年度预算" not in body
    body = client.get(reverse("budgets:approval_queue"), {"sort": "recommended"}).content.decode()
    assert body.index("交通局2027年度预算") < body.index("住建局2027年度预算")
    body = client.get(reverse("budgets:approval_queue"), {"sort": "-recommended"}).content.decode()
    assert body.index("住建局2027年度预算") < body.index("交通局2027年度预算")
