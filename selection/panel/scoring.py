"""The panel's arithmetic, in Decimal: an evaluator's weighted total, an applicant's final score, the ranking.

- weighted total: Σ score × weight / 100 over the criteria (scores 0–100, weights adding up to 100);
- final score: the mean of the evaluators' submitted totals; when the panel drops extremes and at least
  `drop_extremes_from` evaluators submitted, the highest and the lowest total (one each) do not count;
- ranking: by final score, highest first; equal scores share a rank (1, 2, 2, 4) and are flagged as tied.
Totals and scores are rounded half up to two decimal places, as they are published.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(values: Mapping[int, Decimal], weights: Mapping[int, Decimal]) -> Decimal:
    """`values` and `weights` by criterion id; every criterion must be scored."""
    return rounded(sum((values[criterion] * weight for criterion, weight in weights.items()), Decimal(0)) / HUNDRED)


def final_score(totals: Sequence[Decimal], *, drop_extremes: bool, drop_extremes_from: int) -> Decimal | None:
    """None while no evaluator has submitted."""
    if not totals:
        return None
    counted = sorted(totals)
    if drop_extremes and len(counted) >= drop_extremes_from:
        counted = counted[1:-1]
    return rounded(sum(counted, Decimal(0)) / len(counted))


@dataclass
class Result:
    application_id: int
    totals: list[Decimal] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None
    tied: bool = False


def ranked(results: Iterable[Result]) -> list[Result]:
    """Scored results first, highest score first (then in the given order); unscored ones last, without a rank."""
    results = list(results)
    scored = sorted((r for r in results if r.score is not None), key=lambda r: r.score, reverse=True)
    counts: dict[Decimal, int] = {}
    for result in scored:
        counts[result.score] = counts.get(result.score, 0) + 1
    for position, result in enumerate(scored, start=1):
        previous = scored[position - 2] if position > 1 else None
        result.rank = previous.rank if previous is not None and previous.score == result.score else position
        result.tied = counts[result.score] > 1
    return scored + [r for r in results if r.score is None]
