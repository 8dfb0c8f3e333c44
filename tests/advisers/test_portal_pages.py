"""Portal pages: scope, refusals, and a constant number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.urls import reverse

from advisers.models import Lecture, LegalOpinion
from tests.conftest import once
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
)

LISTS = [
    "advisers:list",
    "advisers:engagements",
    "advisers:opinions",
    "advisers:lectures",
    "advisers:rounds",
    "advisers:statistics",
    "advisers:unit_statistics",
]


def _rows(n, unit):
    for _ in range(n):
        engagement = EngagementFactory(unit=unit)
        OpinionFactory(adviser=engagement.adviser, unit=unit)
        LectureFactory(speaker=engagement.adviser, unit=unit)
    for _ in range(n):
        meeting = MeetingFactory()
        AttendanceFactory(meeting=meeting, adviser=AdviserFactory())


@pytest.mark.parametrize(
    "url_name,queries",
    [
        # session, user (with unit and jurisdiction) / settings, then COUNT and rows; savepoints of ATOMIC_REQUESTS
        ("advisers:list", 6),
        ("advisers:engagements", 7),
        ("advisers:opinions", 6),
        ("advisers:lectures", 6),
        ("advisers:rounds", 7),
        # statistics (cache empty): the rows, then one GROUP BY per kind of record (duty_counts: opinions,
        # lectures, attendances, inspections); five for the meetings
        ("advisers:statistics", 13),
        ("advisers:unit_statistics", 8),
    ],
)
@pytest.mark.parametrize("rows", [3, 30])
def test_officer_list_pages_run_a_constant_number_of_queries(
    client_for, officer_a, unit_a, url_name, queries, rows, django_assert_num_queries
):
    _rows(rows, unit_a)
    client = client_for(officer_a)
    with django_assert_num_queries(queries):
        assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_meeting_list_runs_a_constant_number_of_queries(client_for, bureau, unit_a, rows, django_assert_num_queries):
    _rows(rows, unit_a)
    client = client_for(bureau)
    # 12 = session, user (with unit and jurisdiction), the bureau account's TOTP device, then the page's own 9.
    with django_assert_num_queries(12):
        assert client.get(reverse("advisers:meetings")).status_code == 200


@pytest.mark.parametrize("url_name", LISTS + ["advisers:meetings"])
@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", LISTS)
def test_list_pages_refuse_post(client_for, officer_a, url_name):
    assert client_for(officer_a).post(reverse(url_name)).status_code == 405


def test_officer_sees_only_their_units_advisers_and_records(client_for, officer_a, adviser_a, adviser_b, unit_b):
    OpinionFactory(adviser=adviser_b, unit=unit_b, subject="B单位的意见")
    client = client_for(officer_a)
    assert adviser_b.name not in client.get(reverse("advisers:list")).content.decode()
    assert "B单位的意见" not in client.get(reverse("advisers:opinions")).content.decode()
    assert client.get(reverse("advisers:detail", args=[adviser_b.pk])).status_code == 404
    assert client.get(reverse("advisers:detail", args=[adviser_a.pk])).status_code == 200


def test_another_units_opinion_and_engagement_are_404(client_for, officer_a, adviser_b, unit_b):
    opinion = OpinionFactory(adviser=adviser_b, unit=unit_b)
    client = client_for(officer_a)
    assert client.get(reverse("advisers:opinion_edit", args=[opinion.pk])).status_code == 404
    assert client.get(reverse("advisers:engagement", args=[adviser_b.engagements.get().pk])).status_code == 404


def test_officer_records_an_opinion_for_own_unit(client_for, officer_a, adviser_a, unit_a):
    response = client_for(officer_a).post(
        reverse("advisers:opinion_create"),
        once(
            {
                "adviser": adviser_a.pk,
                "unit": unit_a.pk,
                "date": "2025-06-03",
                "matter_type": "contract",
                "source": "written",
                "subject": "采购合同审查",
                "adoption": "adopted",
            }
        ),
    )
    assert response.status_code == 302
    assert LegalOpinion.objects.get().subject == "采购合同审查"


def test_refused_opinion_shows_the_chinese_error_and_saves_nothing(client_for, officer_a, adviser_a, unit_a):
    response = client_for(officer_a).post(
        reverse("advisers:opinion_create"),
        once(
            {
                "adviser": adviser_a.pk,
                "unit": unit_a.pk,
                "date": "2025-06-03",
                "matter_type": "contract",
                "source": "written",
                "subject": "采购合同审查",
                "adoption": "not_adopted",
                "non_adoption_reason": "",
            }
        ),
    )
    assert response.status_code == 200
    assert "未采纳的意见必须说明理由。" in response.content.decode()
    assert not LegalOpinion.objects.exists()


def test_officer_records_and_changes_a_lecture(client_for, officer_a, adviser_a, unit_a):
    client = client_for(officer_a)
    data = {"speaker": adviser_a.pk, "unit": unit_a.pk, "date": "2025-06-03", "topic": "民法典", "audience": "干部职工"}
    assert client.post(reverse("advisers:lecture_create"), once(data)).status_code == 302
    lecture = Lecture.objects.get()
    assert (
        client.post(reverse("advisers:lecture_edit", args=[lecture.pk]), {**data, "topic": "行政复议法"}).status_code
        == 302
    )
    lecture.refresh_from_db()
    assert lecture.topic == "行政复议法"


def test_auditor_reads_but_cannot_record(client_for, auditor, adviser_a, unit_a):
    client = client_for(auditor)
    assert client.get(reverse("advisers:opinions")).status_code == 200
    assert client.get(reverse("advisers:opinion_create")).status_code == 403
    opinion = OpinionFactory(adviser=adviser_a, unit=unit_a)
    assert client.post(reverse("advisers:opinion_edit", args=[opinion.pk]), {}).status_code == 403


def test_finance_cannot_open_duty_records(client_for, finance):
    assert client_for(finance).get(reverse("advisers:opinion_create")).status_code == 403


def test_engagement_list_filters_terms_ending_soon(client_for, bureau, unit_a, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))
    EngagementFactory(unit=unit_a, end_date=dt.date(2025, 12, 31), adviser=AdviserFactory(name="即将期满"))
    EngagementFactory(unit=unit_a, end_date=dt.date(2027, 12, 31), adviser=AdviserFactory(name="远期"))
    body = client_for(bureau).get(reverse("advisers:engagements"), {"ending": "1"}).content.decode()
    assert "即将期满" in body and "远期" not in body


@pytest.mark.parametrize("url_name", ["advisers:opinion_create", "advisers:lecture_create", "advisers:round_create"])
def test_officer_opens_the_record_forms_in_chinese(client_for, officer_a, adviser_a, url_name):
    response = client_for(officer_a).get(reverse(url_name))
    assert response.status_code == 200
    assert "保存" in response.content.decode()


def test_a_new_opinion_is_dated_today_beijing_time(client_for, officer_a, adviser_a, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 4, 17, 0, tzinfo=dt.UTC))  # already 5 March in Beijing
    body = client_for(officer_a).get(reverse("advisers:opinion_create")).content.decode()
    assert 'value="2026-03-05"' in body


def test_officer_home_page_lists_the_adviser_sections(client_for, officer_a):
    body = client_for(officer_a).get(reverse("portal:home")).content.decode()
    for label in ["法律顾问", "聘任", "履职记录", "换届遴选", "履职统计", "法律服务合同", "合同问题清单"]:
        assert label in body
    assert "市政府常务会议" not in body
