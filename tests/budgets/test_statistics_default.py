"""The statistics page opens on the latest complete period; an incomplete one is marked 未完结 and names the
units it lacks, so that a year still being approved never reads as a saving."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from budgets import services
from budgets.fee_statistics import Period, budget_statistics, default_period
from tests import factories

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def three_years(officer_a, officer_b, bureau, finance, standards):
    """Both units approved for 2024 and 2025; for 2026 only unit A so far (unit B's request is submitted)."""

    def approve(officer, year):
        request = factories.reviewed(officer, bureau, year=year)
        services.budget_request_approve(
            request=request, actor=finance, line_amounts=factories.amounts(request, "recommended_amount")
        )

    for year in (2024, 2025):
        approve(officer_a, year)
        approve(officer_b, year)
    approve(officer_a, 2026)
    factories.submitted(officer_b, year=2026)


def _on(day):
    return time_machine.travel(dt.datetime(*day, 12, tzinfo=BEIJING), tick=False)


def test_a_period_is_over_once_its_last_quarter_has_ended():
    assert not Period(2026, 3).is_over(dt.date(2026, 9, 30))
    assert Period(2026, 3).is_over(dt.date(2026, 10, 1))
    assert Period(2025, 4).is_over(dt.date(2026, 1, 1)) and not Period(2026, 4).is_over(dt.date(2026, 12, 31))


def test_a_year_still_being_approved_is_incomplete_and_names_the_units_it_lacks(three_years, finance, unit_b):
    with _on((2026, 12, 2)):
        stats = budget_statistics(user=finance, period=Period(2026, 3))
        assert stats.period_is_over and stats.pending_units == [unit_b] and not stats.is_complete
        assert budget_statistics(user=finance, period=Period(2025, 3)).is_complete


def test_the_page_opens_on_the_latest_complete_period(client_for, three_years, finance):
    with _on((2026, 12, 2)):
        assert default_period(user=finance) == Period(2025, 3)
        page = client_for(finance).get(reverse("budgets:statistics")).content.decode()
        assert "2025年第1—3季度" in page and 'id="incomplete"' not in page
        assert "可比单位：两期均有核定经费的2家单位" in page


def test_a_chosen_incomplete_period_is_marked(client_for, three_years, finance):
    with _on((2026, 8, 1)):
        page = client_for(finance).get(reverse("budgets:statistics"), {"year": 2026, "through_quarter": 3})
        text = page.content.decode()
        assert "未完结" in text and "尚未结束" in text
        assert "上年同期有经费的1家单位本期尚未核定经费，降幅不代表节约：" in text and "市交通运输局" in text
