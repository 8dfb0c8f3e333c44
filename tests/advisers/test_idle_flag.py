"""Hired but not used (聘而不用): an engagement in force for N months with no duty record in those months."""

import datetime as dt

import pytest

from advisers import selectors
from advisers.models import AdviserSettings, Engagement
from tests.factories import (
    AttendanceFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
)

TODAY = dt.date(2025, 10, 1)


@pytest.fixture
def engagement(unit_a):
    return EngagementFactory(unit=unit_a, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31))


def _idle(user):
    return list(selectors.idle_engagements(user, today=TODAY))


def test_an_engagement_without_records_for_six_months_is_flagged(bureau, engagement, unit_a):
    OpinionFactory(adviser=engagement.adviser, unit=unit_a, date=dt.date(2025, 3, 31))
    assert _idle(bureau) == [engagement]


def test_a_recent_opinion_or_lecture_clears_the_flag(bureau, engagement, unit_a):
    OpinionFactory(adviser=engagement.adviser, unit=unit_a, date=dt.date(2025, 4, 2))
    assert _idle(bureau) == []
    OpinionFactory._meta.model.objects.all().delete()
    LectureFactory(speaker=engagement.adviser, unit=unit_a, date=dt.date(2025, 9, 1))
    assert _idle(bureau) == []


def test_work_for_another_unit_does_not_count(bureau, engagement, unit_b):
    OpinionFactory(adviser=engagement.adviser, unit=unit_b, date=dt.date(2025, 9, 1))
    assert _idle(bureau) == [engagement]


def test_meeting_attendance_counts_for_a_city_adviser(bureau, city):
    engagement = EngagementFactory(unit=city, role=Engagement.Role.CITY_ADVISER, start_date=dt.date(2023, 1, 1))
    assert _idle(bureau) == [engagement]
    AttendanceFactory(adviser=engagement.adviser, meeting=MeetingFactory(date=dt.date(2025, 8, 1)))
    assert _idle(bureau) == []


def test_a_new_engagement_is_not_flagged_before_n_months(bureau, unit_a):
    EngagementFactory(unit=unit_a, start_date=dt.date(2025, 6, 1))
    assert _idle(bureau) == []


def test_the_number_of_months_is_configurable(bureau, engagement, unit_a):
    OpinionFactory(adviser=engagement.adviser, unit=unit_a, date=dt.date(2025, 6, 1))
    assert _idle(bureau) == []
    settings = AdviserSettings.for_jurisdiction(None)
    settings.idle_months = 3
    settings.save()
    assert _idle(bureau) == [engagement]


def test_officers_see_only_their_units_flags(officer_b, engagement):
    assert _idle(officer_b) == []
