"""A report's counts are filled in from the duty records of its engagement's adviser, unit and year."""

import datetime

from advisers.models import Engagement, ExecutiveMeeting, Lecture, LegalOpinion, MeetingAttendance
from reviews.records import duty_counts, engagements_owing
from reviews.services import duty_report_save
from tests.factories import EngagementFactory


def _opinion(engagement, day, adoption=LegalOpinion.Adoption.ADOPTED, unit=None):
    return LegalOpinion.objects.create(
        adviser=engagement.adviser,
        unit=unit or engagement.unit,
        date=day,
        matter_type="contract",
        subject="合同审查",
        adoption=adoption,
        non_adoption_reason="与上位法冲突" if adoption == "not_adopted" else "",
    )


def test_counts_come_from_the_records_of_that_unit_and_year(engagement_a, unit_b):
    _opinion(engagement_a, datetime.date(2025, 3, 1))
    _opinion(engagement_a, datetime.date(2025, 6, 1), LegalOpinion.Adoption.PARTLY)
    _opinion(engagement_a, datetime.date(2025, 7, 1), LegalOpinion.Adoption.NOT_ADOPTED)
    _opinion(engagement_a, datetime.date(2024, 7, 1))  # another year
    _opinion(engagement_a, datetime.date(2025, 7, 1), unit=unit_b)  # another unit
    Lecture.objects.create(
        speaker=engagement_a.adviser, unit=engagement_a.unit, date=datetime.date(2025, 5, 4), topic="民法典"
    )
    report = duty_report_save(engagement=engagement_a, year=2025, summary="", actor=None)
    assert (report.opinions_given, report.opinions_adopted, report.lectures_given, report.meetings_attended) == (
        3,
        2,
        1,
        0,
    )


def test_city_advisers_count_the_executive_meetings_they_attended(city):
    engagement = EngagementFactory(unit=city, role=Engagement.Role.CITY_ADVISER)
    for n, day in enumerate([datetime.date(2025, 1, 9), datetime.date(2025, 4, 2), datetime.date(2026, 1, 5)]):
        meeting = ExecutiveMeeting.objects.create(jurisdiction=city.jurisdiction, date=day, session_number=100 + n)
        MeetingAttendance.objects.create(meeting=meeting, adviser=engagement.adviser)
    assert duty_counts(engagement, 2025)["meetings_attended"] == 2


def test_counts_stop_at_the_end_of_the_term(unit_a):
    engagement = EngagementFactory(
        unit=unit_a, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2025, 6, 30)
    )
    _opinion(engagement, datetime.date(2025, 5, 1))
    _opinion(engagement, datetime.date(2025, 8, 1))
    assert duty_counts(engagement, 2025)["opinions_given"] == 1


def test_internal_advisers_and_dismissed_engagements_owe_no_report(unit_a):
    EngagementFactory(unit=unit_a, adviser__category="internal")
    EngagementFactory(unit=unit_a, status=Engagement.Status.DISMISSED)
    owing = EngagementFactory(unit=unit_a)
    assert list(engagements_owing(2025)) == [owing]
