"""What a re-selection round puts on the table for each incumbent: duty statistics per year of the
term and, once the reviews app provides them, the annual assessment grades.

The reviews app plugs in with `register_assessment_lookup(func)` (e.g. in its AppConfig.ready()):
`func(engagements: list[Engagement]) -> dict[engagement_id, list[AssessmentSummary]]`, one query for
all the engagements. Until then histories carry duty statistics and an empty assessment list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from .models import Engagement
from .selectors import DutyCounts, duty_counts


@dataclass(frozen=True)
class AssessmentSummary:
    year: int
    grade: str  # a reviews.grades.Grade value
    grade_label: str
    score: object = None  # Decimal or None


@dataclass
class YearRecord:
    year: int
    counts: DutyCounts


@dataclass
class IncumbentHistory:
    engagement: Engagement
    years: list[YearRecord] = field(default_factory=list)
    assessments: list[AssessmentSummary] = field(default_factory=list)

    @property
    def totals(self) -> DutyCounts:
        fields = [f.name for f in dataclasses.fields(DutyCounts)]
        return DutyCounts(**{name: sum(getattr(y.counts, name) for y in self.years) for name in fields})


AssessmentLookup = Callable[[list[Engagement]], dict[int, list[AssessmentSummary]]]
_assessment_lookup: AssessmentLookup | None = None


def register_assessment_lookup(func: AssessmentLookup | None) -> None:
    global _assessment_lookup
    _assessment_lookup = func


def incumbent_histories(engagements: Iterable[Engagement]) -> dict[int, IncumbentHistory]:
    """Histories for several engagements: the same few queries whatever the number of engagements and years."""
    engagements = list(engagements)
    today = timezone.localdate()
    histories = {e.pk: IncumbentHistory(engagement=e) for e in engagements}
    if not engagements:
        return histories
    first = min(e.start_date.year for e in engagements)
    last = min(max(e.end_date.year for e in engagements), today.year)
    counts = duty_counts(
        [e.adviser_id for e in engagements],
        dt.date(first, 1, 1),
        dt.date(last, 12, 31),
        unit_ids=[e.unit_id for e in engagements],
        by_year=True,
    )
    for engagement in engagements:
        for year in range(max(first, engagement.start_date.year), min(last, engagement.end_date.year) + 1):
            key = (engagement.adviser_id, engagement.unit_id, year)
            histories[engagement.pk].years.append(YearRecord(year, counts[key]))
    if _assessment_lookup is not None:
        for engagement_id, assessments in _assessment_lookup(engagements).items():
            if engagement_id in histories:
                histories[engagement_id].assessments = sorted(assessments, key=lambda a: a.year)
    return histories
