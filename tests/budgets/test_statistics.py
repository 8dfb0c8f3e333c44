"""Period statistics come out of the line and settlement records, for any units and quarters."""

from decimal import Decimal

import pytest

from budgets.fee_statistics import Change, Period, budget_statistics
from budgets.models import ItemType
from tests import factories

# Counsel (5,000/month) in Q1 and Q3, a lecture (1,500) in Q4: requested Q1–Q3 = 30,000.
SPEC = [(ItemType.STANDING_COUNSEL, 1, 3), (ItemType.STANDING_COUNSEL, 3, 3), (ItemType.LECTURE, 4, 1)]


@pytest.fixture
def two_years(officer_a, officer_b, bureau, finance, standards):
    """Unit A: approved at 100% in 2024 and at 50% of the 90% recommendation in 2025; unit B: 2025 only, submitted."""
    from budgets import services

    def approve(officer, year, ratio):
        request = factories.reviewed(officer, bureau, ratio="0.9", year=year, spec=SPEC)
        return services.budget_request_approve(
            request=request,
            actor=finance,
            line_amounts=factories.amounts(request, "recommended_amount", ratio=ratio),
            comment="按上年实际发生额核减",
        )

    approve(officer_a, 2024, "1")
    approve(officer_a, 2025, "0.5")
    factories.submitted(officer_b, year=2025, spec=SPEC)
    factories.draft(officer_b, year=2025, spec=SPEC, title="草稿不计入")


def test_first_three_quarters_against_the_same_period_last_year(two_years, finance, unit_a, unit_b):
    stats = budget_statistics(user=finance, period=Period(2025, 3))
    assert stats.unit_count == 2
    assert (stats.approved.previous, stats.approved.current) == (Decimal("27000.00"), Decimal("13500.00"))
    assert stats.approved.amount == Decimal("-13500.00") and stats.approved.saving == Decimal("13500.00")
    assert stats.approved.percent == Decimal("-50.0")
    # The submitted request of unit B counts as requested but not recommended; the draft not at all.
    assert (stats.requested.previous, stats.requested.current) == (Decimal("30000.00"), Decimal("60000.00"))
    assert stats.recommended.current == Decimal("27000.00")
    rows = {row.unit: row for row in stats.rows}
    assert rows[unit_b].requested.current == Decimal("30000.00") and rows[unit_b].approved.current == 0


def test_the_full_year_includes_the_fourth_quarter(two_years, finance):
    stats = budget_statistics(user=finance, period=Period(2025, 4))
    assert stats.requested.current == Decimal("63000.00")
    assert stats.approved.previous == Decimal("28350.00")


def test_the_first_quarter_only(two_years, finance):
    assert budget_statistics(user=finance, period=Period(2025, 1)).approved.current == Decimal("6750.00")


def test_a_chosen_set_of_units(two_years, finance, unit_b):
    stats = budget_statistics(user=finance, period=Period(2025, 3), units=[unit_b])
    assert [row.unit for row in stats.rows] == [unit_b]
    assert stats.approved.current == 0 and stats.requested.current == Decimal("30000.00")


def test_an_officer_sees_only_their_own_unit_even_when_asking_for_others(two_years, officer_b, unit_a, unit_b):
    stats = budget_statistics(user=officer_b, period=Period(2025, 3), units=[unit_a, unit_b])
    assert [row.unit for row in stats.rows] == [unit_b]


def test_percent_is_none_without_a_base_and_rounds_half_up():
    assert Change(Decimal(0), Decimal(5)).percent is None
    assert Change(Decimal("3742000"), Decimal("2795000")).percent == Decimal("-25.3")
    assert Change(Decimal("200"), Decimal("100.1")).percent == Decimal("-50.0")
    assert Change(Decimal("2000"), Decimal("1999")).percent == Decimal("-0.1")


def test_period_labels_and_previous_period():
    assert Period(2025, 3).previous == Period(2024, 3)
    assert str(Period(2025, 3)) == "2025年第1—3季度"
    assert str(Period(2025, 4)) == "2025年全年"
    with pytest.raises(ValueError):
        Period(2025, 5)


def test_statistics_take_a_constant_number_of_queries(two_years, finance, django_assert_num_queries):
    # units the user may see, line sums grouped by unit and year
    with django_assert_num_queries(2):
        budget_statistics(user=finance, period=Period(2025, 3))
    # ... plus settlement sums in a full-year period
    with django_assert_num_queries(3):
        budget_statistics(user=finance, period=Period(2025, 4))
    # the sums are cached: then only the units
    with django_assert_num_queries(1):
        budget_statistics(user=finance, period=Period(2025, 4))


def test_cached_sums_count_a_new_request_at_once(two_years, finance, officer_b, unit_b):
    assert budget_statistics(user=finance, period=Period(2024, 3)).requested.current == Decimal("30000.00")
    factories.submitted(officer_b, year=2024, spec=SPEC)
    stats = budget_statistics(user=finance, period=Period(2024, 3))
    assert stats.requested.current == Decimal("60000.00")
    assert {row.unit: row for row in stats.rows}[unit_b].requested.current == Decimal("30000.00")


def test_the_statistics_page_pages_its_units_and_keeps_every_chosen_unit(
    two_years, client_for, finance, unit_a, unit_b, monkeypatch
):
    from django.urls import reverse

    monkeypatch.setattr("budgets.views.UNITS_PER_PAGE", 1)
    client = client_for(finance)
    query = {"year": 2025, "through_quarter": 3, "units": [unit_a.pk, unit_b.pk]}
    first = client.get(reverse("budgets:statistics"), query)
    second = client.get(reverse("budgets:statistics"), {**query, "page": 2})
    assert first.context["page"].paginator.count == 2
    shown = [row.unit for row in first.context["page"]] + [row.unit for row in second.context["page"]]
    assert sorted(u.pk for u in shown) == sorted([unit_a.pk, unit_b.pk])
    # The totals are over both units on either page, and the next-page link keeps both chosen units.
    assert first.context["stats"].requested.current == second.context["stats"].requested.current
    body = first.content.decode()
    assert f"units={unit_a.pk}&amp;units={unit_b.pk}&amp;page=2" in body
