"""The dashboard: bureau staff and auditors only; a constant number of queries whatever the data size;
every figure links to the list behind it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisers.models import AdviserSettings
from tests.world import advisers_at, budget_units, inspection_of

pytestmark = pytest.mark.django_db
URL = "/reports/dashboard/"


def test_the_dashboard_is_for_bureau_staff_and_auditors(client_for, bureau, auditor, officer_a, finance, client):
    assert reverse("reports:dashboard") == URL
    for user in (bureau, auditor):
        assert client_for(user).get(URL).status_code == 200
    for user in (officer_a, finance):
        assert client_for(user).get(URL).status_code == 404
    assert client.get(URL).status_code == 302
    assert client_for(auditor).post(URL).status_code == 405


def test_the_dashboard_is_in_the_auditors_menu_and_not_the_officers(client_for, auditor, officer_a):
    assert URL in client_for(auditor).get(reverse("portal:home")).content.decode()
    assert URL not in client_for(officer_a).get(reverse("portal:home")).content.decode()


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_the_dashboard_runs_the_same_queries_for_small_and_large_data(
    client_for, auditor, bureau, finance, city, unit_a, unit_b, django_assert_num_queries
):
    AdviserSettings.for_jurisdiction(None)
    client = client_for(auditor)
    advisers_at(unit_a, 3)
    budget_units(city, 3, bureau=bureau, finance=finance)
    inspection_of(unit_a)
    small, _page = _queries(client)
    advisers_at(unit_b, 30)
    budget_units(city, 30, bureau=bureau, finance=finance, first=3)
    for i in range(5):
        inspection_of(budget_units(city, 1, bureau=bureau, finance=finance, first=100 + i)[0])
    with django_assert_num_queries(small):
        page = client.get(URL).content.decode()
    assert re.search(r'id="coverage-covered"[^>]*>2<', page)  # unit A and unit B have advisers in force


def test_every_figure_links_to_a_list_that_opens(client_for, auditor, bureau, finance, city, unit_a):
    advisers_at(unit_a, 2)
    budget_units(city, 2, bureau=bureau, finance=finance)
    inspection_of(unit_a)
    client = client_for(auditor)
    page = client.get(URL).content.decode()
    links = set(re.findall(r'href="([^"]+)"', page))
    targets = [link.replace("&amp;", "&") for link in links if link.startswith("/") and not link.startswith("/static/")]
    assert len(targets) > 15
    for link in targets:
        response = client.get(link)
        assert response.status_code == 200, link
    covered = client.get(reverse("advisers:unit_statistics") + "?covered=1").content.decode()
    assert "市住房和城乡建设局" in covered
    pdf = client.get(re.search(r'id="fees-pdf" href="([^"]+)"', page).group(1).replace("&amp;", "&"))
    assert pdf["Content-Type"] == "application/pdf"


def test_the_cached_dashboard_counts_a_new_engagement_at_once(client_for, auditor, unit_a, unit_b):
    """The figures are cached (figures.aggregates); saving a record they count makes the next view fresh."""
    advisers_at(unit_a, 1)
    client = client_for(auditor)
    assert re.search(r'id="coverage-covered"[^>]*>1<', client.get(URL).content.decode())
    assert re.search(r'id="coverage-covered"[^>]*>1<', client.get(URL).content.decode())  # from the cache
    advisers_at(unit_b, 1)
    assert re.search(r'id="coverage-covered"[^>]*>2<', client.get(URL).content.decode())
