"""The dashboard and the fee statistics show one row per sub-jurisdiction (province → cities, city → counties),
each counting the child's whole area and each figure linked to the filtered list behind it."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Jurisdiction, Unit
from tests.conftest import built_once
from tests.world import adviser_with_finding, budget_units, jurisdiction_tree

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")
STATISTICS = reverse("budgets:statistics")


tree = built_once(jurisdiction_tree)


def _rows(page: str) -> dict[str, list[tuple[str, str]]]:
    """{jurisdiction name: [(link, figure), ...]} from the sub-jurisdiction table."""
    table = re.search(r'<table class="table" id="sub-jurisdictions">(.*?)</table>', page, re.S)
    if table is None:
        return {}
    rows = {}
    for row in re.findall(r"<tr data-jurisdiction[^>]*>(.*?)</tr>", table.group(1), re.S):
        name = re.search(r"<td>([^<]+)</td>", row).group(1)
        rows[name] = [(unescape(href), text.strip()) for href, text in re.findall(r'href="([^"]+)">([^<]*)<', row)]
    return rows


def _get(client_for, user, url, **params):
    response = client_for(user).get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_province_row_for_the_city_counts_its_counties(client_for, tree):
    users, _units = tree
    rows = _rows(_get(client_for, users["province"], DASHBOARD))
    assert list(rows) == ["株洲市"]
    figures = [text for _href, text in rows["株洲市"]]
    # Units with an adviser: the two departments (the county's included) of four units (the two governments
    # too); 2 advisers, 2 open findings, approved fees of both: 20.0万元 → 15.0万元, a saving of 25.0%.
    assert figures == ["2 / 4", "2", "2", "20.0万元", "15.0万元", "25.0%"]


def test_the_city_shows_its_counties_and_the_county_none(client_for, tree):
    users, _units = tree
    rows = _rows(_get(client_for, users["bureau"], DASHBOARD))
    assert list(rows) == ["醴陵市"]
    assert [text for _href, text in rows["醴陵市"]] == ["1 / 2", "1", "1", "10.0万元", "7.5万元", "25.0%"]
    assert _rows(_get(client_for, users["liling"], DASHBOARD)) == {}


def test_every_figure_of_a_row_opens_the_list_it_counts(client_for, tree):
    users, units = tree
    client = client_for(users["bureau"])
    county = Jurisdiction.objects.get(government=units["county"])
    links = [href for href, _text in _rows(client.get(DASHBOARD).content.decode())["醴陵市"]]
    assert len(links) == 6 and all(f"jurisdiction={county.pk}" in href for href in links)
    for href in links:
        page = client.get(href).content.decode()
        assert "市第001预算单位" in page and "市第000预算单位" not in page, href  # the county's, not the city's


def test_a_jurisdiction_outside_the_users_area_is_a_404(client_for, tree):
    users, units = tree
    city = Jurisdiction.objects.get(government=units["city"])
    for url in (
        STATISTICS,
        reverse("advisers:list"),
        reverse("contracts:findings"),
        reverse("advisers:unit_statistics"),
    ):
        assert client_for(users["liling"]).get(url, {"jurisdiction": city.pk}).status_code == 404, url
        assert client_for(users["liling"]).get(url, {"jurisdiction": "x"}).status_code == 404, url
        county = Jurisdiction.objects.get(government=units["county"])
        assert client_for(users["finance"]).get(url, {"jurisdiction": county.pk}).status_code in (403, 404), url


def test_the_statistics_page_shows_the_own_level_and_the_counties(client_for, tree):
    users, units = tree
    page = re.sub(r"\s+", " ", _get(client_for, users["bureau"], STATISTICS, year=2025, through_quarter=3))
    assert "1家预算单位" in page and "10.0万元 → 7.5万元" in page  # the city's own level only
    rows = _rows(page)
    assert list(rows) == ["醴陵市"] and rows["醴陵市"][1][1] == "7.5万元"
    # Finance approvers see their own level only, with no sub-jurisdictions.
    assert _rows(_get(client_for, users["finance"], STATISTICS, year=2025, through_quarter=3)) == {}
    county = Jurisdiction.objects.get(government=units["county"])
    county_page = _get(client_for, users["province"], STATISTICS, jurisdiction=county.pk)
    assert "市第001预算单位" in county_page and "市第000预算单位" not in county_page


@pytest.mark.parametrize("page", [DASHBOARD, STATISTICS])
def test_the_rows_take_the_same_queries_for_two_and_five_children(client_for, tree, django_assert_num_queries, page):
    users, units = tree
    province = users["province"]
    Unit.objects.create(name="湘潭市人民政府", kind=Unit.Kind.CITY_GOV, parent=units["province"])
    client = client_for(province)
    # Both views compute afresh: each batch of records below replaces the cached figures' versions.
    with CaptureQueriesContext(connection) as two:
        assert len(_rows(client.get(page).content.decode())) == 2
    for n, name in enumerate(("衡阳市", "岳阳市", "常德市")):
        government = Unit.objects.create(name=f"{name}人民政府", kind=Unit.Kind.CITY_GOV, parent=units["province"])
        unit = budget_units(government, 1, bureau=province, finance=users["finance"], first=10 + n)[0]
        adviser_with_finding(unit)
    with django_assert_num_queries(len(two)):
        assert len(_rows(client.get(page).content.decode())) == 5
