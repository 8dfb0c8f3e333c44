"""The panel's arithmetic (selection.panel.scoring), in Decimal: weighted totals, the mean with and without the
highest and lowest, and the ranking with ties flagged."""

from decimal import Decimal

from selection.panel.scoring import Result, final_score, ranked, weighted_total


def d(*values):
    return [Decimal(v) for v in values]


def test_a_weighted_total_weighs_each_criterion_and_rounds_half_up_to_cents():
    weights = {1: Decimal("50"), 2: Decimal("30"), 3: Decimal("20")}
    # 88.5×0.5 + 79×0.3 + 91.25×0.2 = 44.25 + 23.7 + 18.25 = 86.2
    assert weighted_total({1: Decimal("88.5"), 2: Decimal("79"), 3: Decimal("91.25")}, weights) == Decimal("86.20")
    # 33.33×0.5 + 33.33×0.3 + 33.35×0.2 = 16.665 + 9.999 + 6.67 = 33.334 → 33.33
    assert weighted_total({1: Decimal("33.33"), 2: Decimal("33.33"), 3: Decimal("33.35")}, weights) == Decimal("33.33")
    # 0.005 rounds up, never to even: 0.01×50% = 0.005 → 0.01
    assert weighted_total({1: Decimal("0.01"), 2: Decimal("0"), 3: Decimal("0")}, weights) == Decimal("0.01")


def test_with_four_evaluators_every_total_counts():
    totals = d("90", "80", "70", "61")
    assert final_score(totals, drop_extremes=True, drop_extremes_from=5) == Decimal("75.25")


def test_with_five_evaluators_the_highest_and_lowest_are_dropped():
    totals = d("95", "80", "70", "60", "40")
    # (80 + 70 + 60) / 3 = 70, where the mean of all five would be 69
    assert final_score(totals, drop_extremes=True, drop_extremes_from=5) == Decimal("70.00")


def test_only_one_highest_and_one_lowest_are_dropped_when_several_are_equal():
    totals = d("90", "90", "80", "70", "70")
    assert final_score(totals, drop_extremes=True, drop_extremes_from=5) == Decimal("80.00")


def test_a_panel_that_keeps_the_extremes_averages_every_total():
    totals = d("95", "80", "70", "60", "40")
    assert final_score(totals, drop_extremes=False, drop_extremes_from=5) == Decimal("69.00")


def test_the_number_of_evaluators_from_which_extremes_drop_is_the_panels():
    totals = d("90", "60", "30")
    assert final_score(totals, drop_extremes=True, drop_extremes_from=3) == Decimal("60.00")
    assert final_score(totals, drop_extremes=True, drop_extremes_from=4) == Decimal("60.00")
    assert final_score(d("90", "60", "33"), drop_extremes=True, drop_extremes_from=4) == Decimal("61.00")


def test_the_mean_is_rounded_half_up_to_cents():
    assert final_score(d("80.01", "80.00", "80.00"), drop_extremes=True, drop_extremes_from=5) == Decimal("80.00")
    assert final_score(d("80.01", "80.02"), drop_extremes=True, drop_extremes_from=5) == Decimal("80.02")


def test_no_submitted_total_gives_no_score():
    assert final_score([], drop_extremes=True, drop_extremes_from=5) is None


def test_equal_scores_share_a_rank_and_are_flagged_as_tied_and_the_next_rank_skips():
    results = ranked(
        [
            Result(application_id=1, score=Decimal("80.00")),
            Result(application_id=2, score=Decimal("91.50")),
            Result(application_id=3, score=None),
            Result(application_id=4, score=Decimal("80.00")),
            Result(application_id=5, score=Decimal("70.10")),
        ]
    )
    assert [(r.application_id, r.rank, r.tied) for r in results] == [
        (2, 1, False),
        (1, 2, True),
        (4, 2, True),
        (5, 4, False),
        (3, None, False),
    ]
