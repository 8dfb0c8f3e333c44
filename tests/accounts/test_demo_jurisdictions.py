"""The demo gives 醴陵市 a living system of its own: `liling` sees only the county's records, `bureau` the
city's and the county's, `province` reads both; each sees a different dashboard."""

import re

import pytest
from django.urls import reverse

from accounts.models import Jurisdiction, User
from advisers.demo import COUNTY_ADVISERS
from budgets.models import BudgetRequest
from reviews.models import DutyReport

# A record of the county and one of the city, as each list shows them.
COUNTY_RECORDS = {
    "advisers:list": "匡志明",
    "advisers:engagements": "醴陵市自然资源局",
    "contracts:list": "LLFW-",
    "contracts:findings": "醴陵市住房和城乡建设局",
    "budgets:requests": "醴陵市教育局",
    "reviews:duty_reports": "醴陵市自然资源局",
}
CITY_RECORDS = {
    "advisers:list": "秦文博",
    "advisers:engagements": "市交通运输局",
    "contracts:list": "ZZFW-",
    "contracts:findings": "市交通运输局",
    "budgets:requests": "市交通运输局",
    "reviews:duty_reports": "市交通运输局",
}


def _page(client_for, username, url_name, **params):
    response = client_for(User.objects.get(username=username)).get(reverse(url_name), params)
    assert response.status_code == 200, (username, url_name)
    return response.content.decode()


def _search(url_name, text):
    # Every list searches by name or number; the duty reports list also needs the year.
    return {"q": text, **({"year": 2025} if url_name == "reviews:duty_reports" else {})}


@pytest.mark.parametrize("url_name", list(COUNTY_RECORDS))
def test_liling_sees_the_countys_records_and_none_of_the_citys(demo, client_for, url_name):
    page = _page(client_for, "liling", url_name, **({"year": 2025} if url_name == "reviews:duty_reports" else {}))
    assert COUNTY_RECORDS[url_name] in page
    assert CITY_RECORDS[url_name] not in page
    assert "市交通运输局" not in page and "株洲市人民政府" not in page


@pytest.mark.parametrize("username", ["bureau", "province"])
@pytest.mark.parametrize("url_name", list(COUNTY_RECORDS))
def test_the_city_and_the_province_read_both(demo, client_for, username, url_name):
    county = _page(client_for, username, url_name, **_search(url_name, COUNTY_RECORDS[url_name]))
    city = _page(client_for, username, url_name, **_search(url_name, CITY_RECORDS[url_name]))
    assert COUNTY_RECORDS[url_name] in county and CITY_RECORDS[url_name] in city


def test_the_county_has_its_own_queues_and_duty_reports(demo, client_for):
    review = _page(client_for, "liling", "budgets:review_queue")
    assert "醴陵市住房和城乡建设局" in review and "市交通运输局" not in review
    approval = _page(client_for, "liling_finance", "budgets:approval_queue")
    assert "醴陵市教育局" in approval and "市交通运输局" not in approval
    county = Jurisdiction.objects.get(name="醴陵市")
    states = set(BudgetRequest.objects.filter(unit__jurisdiction=county, year=2026).values_list("status", flat=True))
    assert states == {"submitted", "reviewed", "draft"}
    reports = DutyReport.objects.filter(engagement__unit__jurisdiction=county, year=2025)
    assert set(reports.values_list("status", flat=True)) == {"submitted", "draft"}
    owed = _page(client_for, "liling", "reviews:duty_reports", year=2025, state="owed")
    assert any(name in owed for name, *_rest in COUNTY_ADVISERS)


def _row_names(page):
    table = re.search(r'id="sub-jurisdictions">(.*?)</table>', page, re.S)
    return re.findall(r"<tr data-jurisdiction[^>]*><td>([^<]+)</td>", table.group(1)) if table else []


def test_each_bureau_sees_a_different_dashboard(demo, client_for):
    assert _row_names(_page(client_for, "province", "reports:dashboard")) == ["株洲市"]
    assert "醴陵市" in _row_names(_page(client_for, "bureau", "reports:dashboard"))
    assert _row_names(_page(client_for, "liling", "reports:dashboard")) == []
    statistics = re.sub(r"\s+", " ", _page(client_for, "liling", "budgets:statistics", year=2025, through_quarter=3))
    assert "3家预算单位" in statistics and "42.0万元 → 31.8万元" in statistics
