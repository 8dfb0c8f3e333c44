"""Four pages count an adviser's year of duty; all four read advisers.selectors.duty_counts, so for the same
adviser, unit and year they show the same attendances, opinions, adopted opinions and lectures.

Each page is read through the function that fills it: the duty report's stored counts, the statistics
page's rows, the adviser-performance PDF's rows and the re-selection history's year.
"""

import datetime as dt

from advisers import selectors
from advisers.history import incumbent_histories
from advisers.models import Engagement, LegalOpinion
from reports.selectors import adviser_performance
from reviews.services import duty_report_save
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
)

YEAR = 2025


def _a_city_advisers_year(city, unit_a):
    engagement = EngagementFactory(
        unit=city, role=Engagement.Role.CITY_ADVISER, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31)
    )
    adviser = engagement.adviser
    spring, autumn = MeetingFactory(date=dt.date(YEAR, 3, 4)), MeetingFactory(date=dt.date(YEAR, 9, 9))
    for meeting in (spring, autumn, MeetingFactory(date=dt.date(YEAR - 1, 6, 1))):
        AttendanceFactory(meeting=meeting, adviser=adviser)
    OpinionFactory(adviser=adviser, unit=city, meeting=spring, source=LegalOpinion.Source.MEETING, date=spring.date)
    OpinionFactory(adviser=adviser, unit=city, date=dt.date(YEAR, 5, 1), adoption=LegalOpinion.Adoption.PARTLY)
    OpinionFactory(
        adviser=adviser,
        unit=city,
        date=dt.date(YEAR, 6, 1),
        adoption=LegalOpinion.Adoption.NOT_ADOPTED,
        non_adoption_reason="与上位法冲突",
    )
    OpinionFactory(adviser=adviser, unit=city, date=dt.date(YEAR - 1, 6, 1))  # another year
    LectureFactory(speaker=adviser, unit=city, date=dt.date(YEAR, 4, 22))
    # A unit's adviser who sat in on a meeting holds no meeting role: the attendance counts nowhere.
    outsider = AdviserFactory()
    EngagementFactory(adviser=outsider, unit=unit_a, role=Engagement.Role.UNIT_ADVISER)
    AttendanceFactory(meeting=spring, adviser=outsider)
    return engagement


def test_duty_report_statistics_pdf_and_history_agree(bureau, city, unit_a):
    engagement = _a_city_advisers_year(city, unit_a)
    adviser = engagement.adviser

    report = duty_report_save(engagement=engagement, year=YEAR, summary="", actor=bureau)
    from_report = (report.meetings_attended, report.opinions_given, report.opinions_adopted, report.lectures_given)

    rows = selectors.adviser_statistics(bureau, date_from=dt.date(YEAR, 1, 1), date_to=dt.date(YEAR, 12, 31))
    row = next(r for r in rows if r.pk == adviser.pk)
    from_statistics = (row.n_attendances, row.n_opinions, row.n_adopted, row.n_lectures)

    performance = next(p for p in adviser_performance(bureau, year=YEAR, unit=city) if p.adviser == adviser)
    from_pdf = (performance.attendances, performance.opinions, performance.adopted, performance.lectures)

    year = next(y for y in incumbent_histories([engagement])[engagement.pk].years if y.year == YEAR).counts
    from_history = (year.attendances, year.opinions, year.adopted, year.lectures)

    assert from_report == from_statistics == from_pdf == from_history == (2, 3, 2, 1)
    outsider_row = next(r for r in rows if r.pk != adviser.pk)
    assert outsider_row.n_attendances == 0
