"""Detail pages with many related rows stay within the query budget (20), as the benchmark requires.

Each page is opened on an object with several related rows (attendances, candidates with their
incumbents' term years, scores, successor engagements and contracts): a related row or a term year that
costs a query of its own would push the page over the budget.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisers import services as adviser_services
from advisers.models import Engagement
from perf.bench.runner import QUERY_BUDGET
from reviews.services import assessment_save, scheme_for_year
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    ContractFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
    open_round,
)

ROWS = 8


def _queries(client, url):
    client.get(url)  # warm-up: per-process caches (content types, the session's user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _assert_within_budget(client, url):
    queries = _queries(client, url)
    listing = "\n".join(f"  {n}. {sql[:300]}" for n, sql in enumerate(queries, 1))
    assert len(queries) <= QUERY_BUDGET, f"{len(queries)} queries:\n{listing}"


@pytest.fixture
def incumbents(unit_a):
    """Engagements over four term years, each with duty records in every year."""
    engagements = []
    for _ in range(ROWS):
        engagement = EngagementFactory(unit=unit_a, start_date=dt.date(2022, 1, 1), end_date=dt.date(2025, 12, 31))
        for year in range(2022, 2026):
            OpinionFactory(adviser=engagement.adviser, unit=unit_a, date=dt.date(year, 3, 1))
            LectureFactory(speaker=engagement.adviser, unit=unit_a, date=dt.date(year, 4, 1))
        engagements.append(engagement)
    return engagements


@pytest.fixture
def round_(officer_a, unit_a, incumbents):
    round_ = open_round(officer_a, unit_a)
    for _ in range(ROWS):
        adviser_services.candidate_add(actor=officer_a, round_=round_, adviser=AdviserFactory())
    return round_


def test_the_round_page(client_for, officer_a, round_):
    _assert_within_budget(client_for(officer_a), reverse("advisers:round", args=[round_.pk]))


def test_the_round_admin_page(client_for, bureau, round_):
    _assert_within_budget(client_for(bureau), reverse("admin:advisers_reselectionround_change", args=[round_.pk]))


def test_the_engagement_page(client_for, officer_a, unit_a, incumbents):
    engagement = incumbents[0]
    for n in range(ROWS):
        ContractFactory(adviser=engagement.adviser, unit=unit_a, engagement=engagement)
        EngagementFactory(
            adviser=engagement.adviser,
            unit=unit_a,
            previous=engagement,
            start_date=dt.date(2026 + 3 * n, 1, 1),
            end_date=dt.date(2028 + 3 * n, 12, 31),
            status=Engagement.Status.EXPIRED,
        )
    assessment_save(engagement=engagement, year=2024, scores=_scores(2024), actor=officer_a)
    _assert_within_budget(client_for(officer_a), reverse("advisers:engagement", args=[engagement.pk]))


def test_the_meeting_admin_page(client_for, bureau):
    meeting = MeetingFactory()
    for _ in range(ROWS):
        AttendanceFactory(meeting=meeting)
    _assert_within_budget(client_for(bureau), reverse("admin:advisers_executivemeeting_change", args=[meeting.pk]))


def _scores(year):
    return {c.pk: (Decimal("90"), Decimal("85")) for c in scheme_for_year(year).criteria.all()}


def test_the_assessment_admin_page(client_for, officer_a, incumbents):
    assessment = assessment_save(engagement=incumbents[0], year=2024, scores=_scores(2024), actor=officer_a)
    assert assessment.scores.count() >= 5
    _assert_within_budget(client_for(officer_a), reverse("admin:reviews_assessment_change", args=[assessment.pk]))
