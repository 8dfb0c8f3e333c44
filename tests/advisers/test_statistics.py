"""Per-adviser and per-unit statistics: attendances (adviser-times), opinions, adoption rate, lectures."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from advisers import selectors
from advisers.models import Engagement, LegalOpinion
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
)


def _meeting_with(advisers, day, city, opinions_each=2, adoption="adopted"):
    meeting = MeetingFactory(date=day)
    for adviser in advisers:
        if not adviser.engagements.exists():  # attendances count for advisers in a meeting role
            EngagementFactory(adviser=adviser, unit=city, role=Engagement.Role.CITY_ADVISER)
        AttendanceFactory(meeting=meeting, adviser=adviser)
        for _ in range(opinions_each):
            OpinionFactory(
                adviser=adviser,
                unit=city,
                meeting=meeting,
                source="meeting",
                date=day,
                adoption=adoption,
                non_adoption_reason="理由" if adoption == "not_adopted" else "",
            )
    return meeting


def test_attendances_count_each_adviser_at_each_meeting(city):
    a, b = AdviserFactory(), AdviserFactory()
    _meeting_with([a, b], dt.date(2024, 3, 1), city)
    _meeting_with([a], dt.date(2024, 4, 1), city, opinions_each=1, adoption="not_adopted")
    summary = selectors.meeting_summary()
    assert (summary["meetings"], summary["attendances"], summary["opinions"]) == (2, 3, 5)
    assert summary["adoption_rate"] == Decimal("80.0")


def test_duty_counts_per_adviser_in_a_period(city, unit_a):
    a = AdviserFactory()
    _meeting_with([a], dt.date(2024, 3, 1), city)
    _meeting_with([a], dt.date(2025, 3, 1), city)
    OpinionFactory(adviser=a, unit=unit_a, date=dt.date(2025, 5, 1), adoption=LegalOpinion.Adoption.PARTLY)
    LectureFactory(speaker=a, unit=unit_a, date=dt.date(2025, 6, 1))
    counts = selectors.duty_counts([a.pk], dt.date(2025, 1, 1), dt.date(2025, 12, 31))[a.pk]
    assert (counts.attendances, counts.opinions, counts.adopted, counts.lectures) == (1, 3, 3, 1)
    assert counts.adoption_rate == Decimal("100.0")
    per_unit = selectors.duty_counts([a.pk], dt.date(2025, 1, 1), dt.date(2025, 12, 31), unit_ids=[unit_a.pk, city.pk])
    assert (per_unit[a.pk, unit_a.pk].opinions, per_unit[a.pk, unit_a.pk].lectures) == (1, 1)
    # The attendance counts for the unit of the meeting-role engagement (the city's), not for unit A's.
    assert (per_unit[a.pk, unit_a.pk].attendances, per_unit[a.pk, city.pk].attendances) == (0, 1)


def test_attendances_of_an_adviser_in_no_meeting_role_do_not_count(city, unit_a):
    unit_adviser = AdviserFactory()
    EngagementFactory(adviser=unit_adviser, unit=unit_a, role=Engagement.Role.UNIT_ADVISER)
    AttendanceFactory(meeting=MeetingFactory(date=dt.date(2025, 3, 1)), adviser=unit_adviser)
    assert selectors.duty_counts([unit_adviser.pk])[unit_adviser.pk].attendances == 0
    assert selectors.meeting_summary()["attendances"] == 0


def test_adviser_statistics_for_bureau(bureau, city):
    a, b = AdviserFactory(name="甲"), AdviserFactory(name="乙")
    _meeting_with([a, b], dt.date(2024, 3, 1), city)
    _meeting_with([a], dt.date(2024, 5, 1), city)
    rows = {row.name: row for row in selectors.adviser_statistics(bureau)}
    assert (rows["甲"].n_attendances, rows["甲"].n_opinions, rows["乙"].n_attendances) == (2, 4, 1)


def test_unit_statistics_counts_opinions_and_adoption(bureau, unit_a, adviser_a):
    OpinionFactory(adviser=adviser_a, unit=unit_a, adoption="adopted")
    OpinionFactory(adviser=adviser_a, unit=unit_a, adoption="not_adopted", non_adoption_reason="理由")
    row = next(row for row in selectors.unit_statistics(bureau) if row.pk == unit_a.pk)
    assert (row.n_engagements, row.n_opinions, row.n_adopted, row.n_not_adopted) == (1, 2, 1, 1)


def test_adoption_rate_of_nothing_is_not_zero():
    assert selectors.adoption_rate(0, 0) is None


def test_the_cached_statistics_page_shows_a_new_opinion_at_once(client_for, bureau, unit_a, adviser_a):
    """The page's figures are cached (figures.aggregates) until a record they count is saved or deleted."""
    client = client_for(bureau)
    url = reverse("advisers:statistics")
    first = _row(client.get(url), "张律师")
    assert first == _row(client.get(url), "张律师")
    opinion = OpinionFactory(adviser=adviser_a, unit=unit_a, adoption="adopted")
    assert _row(client.get(url), "张律师")[1:3] == ["1", "0"]  # opinions, of which at meetings
    opinion.delete()
    assert _row(client.get(url), "张律师") == first


def test_cached_unit_figures_are_never_another_units(client_for, officer_a, officer_b, unit_a, unit_b, adviser_a):
    OpinionFactory(adviser=adviser_a, unit=unit_a)
    OpinionFactory(adviser=AdviserFactory(), unit=unit_b)
    url = reverse("advisers:unit_statistics")
    page_a = client_for(officer_a).get(url).content.decode()
    page_b = client_for(officer_b).get(url).content.decode()
    assert unit_a.name in page_a and unit_b.name not in page_a
    assert unit_b.name in page_b and unit_a.name not in page_b
    # And per adviser: officer B does not see A's adviser, however warm the cache is.
    client_for(officer_a).get(reverse("advisers:statistics"))
    assert "张律师" not in client_for(officer_b).get(reverse("advisers:statistics")).content.decode()


def test_the_statistics_pages_past_the_first_chunk(client_for, bureau, city, monkeypatch):
    """The rows are cached in chunks (figures.aggregates.cached_rows); page 2 reads its own."""
    from figures import aggregates

    monkeypatch.setattr(aggregates, "CHUNK", 7)
    for n in range(35):
        OpinionFactory(adviser=AdviserFactory(name=f"顾问甲{n:02d}"), unit=city)
    client = client_for(bureau)
    url = reverse("advisers:statistics")
    client.get(url)
    page_two = client.get(url + "?page=2").content.decode()
    assert "顾问甲30" in page_two and "顾问甲00" not in page_two


def _row(response, name):
    """The figures of the adviser's row: [attendances, opinions, at meetings, adopted, rate, lectures]."""
    import re

    html = response.content.decode()
    row = re.search(r"<tr><td><a [^>]*>" + name + r"</a></td><td>[^<]*</td>(.*?)</tr>", html).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)
