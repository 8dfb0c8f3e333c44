"""The admin is one more caller of the services: the rules they hold hold in the admin too."""

import datetime as dt

import pytest
from django.urls import reverse

from advisers import services
from advisers.models import Engagement, LegalOpinion, MeetingAttendance, ReselectionRound
from advisers.signals import duty_records_changed
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    EngagementFactory,
    LectureFactory,
    MeetingFactory,
    OpinionFactory,
)

PREFIX = "meetingattendance_set"


def _meeting_form(meeting, rows, delete=()):
    """The change form as the browser posts it: the meeting's fields and one inline row per attendance."""
    data = {
        "jurisdiction": meeting.jurisdiction_id,
        "date": meeting.date.isoformat(),
        "session_number": meeting.session_number,
        "topics": meeting.topics,
        f"{PREFIX}-TOTAL_FORMS": len(rows),
        f"{PREFIX}-INITIAL_FORMS": len(rows),
        f"{PREFIX}-MIN_NUM_FORMS": 0,
        f"{PREFIX}-MAX_NUM_FORMS": 1000,
    }
    for i, attendance in enumerate(rows):
        data[f"{PREFIX}-{i}-id"] = attendance.pk
        data[f"{PREFIX}-{i}-meeting"] = meeting.pk
        data[f"{PREFIX}-{i}-adviser"] = attendance.adviser_id
        if attendance in delete:
            data[f"{PREFIX}-{i}-DELETE"] = "on"
    return data


def test_an_adviser_who_gave_an_opinion_at_a_meeting_cannot_be_removed_in_the_admin(client_for, bureau, unit_a):
    meeting = MeetingFactory()
    speaker, listener = AdviserFactory(name="王律师"), AdviserFactory(name="赵教授")
    spoke, listened = (
        AttendanceFactory(meeting=meeting, adviser=speaker),
        AttendanceFactory(meeting=meeting, adviser=listener),
    )
    OpinionFactory(adviser=speaker, unit=unit_a, meeting=meeting, source=LegalOpinion.Source.MEETING)
    url = reverse("admin:advisers_executivemeeting_change", args=[meeting.pk])
    data = _meeting_form(meeting, [spoke, listened], delete=[spoke])
    data["topics"] = "改过的议题"

    response = client_for(bureau).post(url, data)

    assert response.status_code == 200
    assert "王律师在本次会议上发表过法律意见，不能从会议中移除。" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.topics != "改过的议题"
    assert set(MeetingAttendance.objects.filter(meeting=meeting).values_list("adviser_id", flat=True)) == {
        speaker.pk,
        listener.pk,
    }


def test_an_adviser_removed_from_a_meeting_in_the_admin_has_the_contracts_rechecked(client_for, bureau):
    """Contract findings count attendances: the one who left is rechecked as well as those who stay."""
    meeting = MeetingFactory()
    leaving, staying = AttendanceFactory(meeting=meeting), AttendanceFactory(meeting=meeting)
    changed = []

    def listen(sender, *, unit_ids, adviser_ids, **kwargs):
        changed.append(adviser_ids)

    duty_records_changed.connect(listen)
    try:
        response = client_for(bureau).post(
            reverse("admin:advisers_executivemeeting_change", args=[meeting.pk]),
            _meeting_form(meeting, [leaving, staying], delete=[leaving]),
        )
    finally:
        duty_records_changed.disconnect(listen)

    assert response.status_code == 302
    assert list(MeetingAttendance.objects.filter(meeting=meeting).values_list("adviser_id", flat=True)) == [
        staying.adviser_id
    ]
    assert changed == [{leaving.adviser_id, staying.adviser_id}]


def test_mark_expired_expires_only_the_selected_ended_engagements(client_for, bureau, unit_a, unit_b):
    ended = EngagementFactory(unit=unit_a, start_date=dt.date(2020, 1, 1), end_date=dt.date(2022, 12, 31))
    other = EngagementFactory(unit=unit_b, start_date=dt.date(2020, 1, 1), end_date=dt.date(2022, 12, 31))
    running = EngagementFactory(unit=unit_a)
    response = client_for(bureau).post(
        reverse("admin:advisers_engagement_changelist"),
        {"action": "mark_expired", "_selected_action": [ended.pk, running.pk]},
    )
    assert response.status_code == 302
    statuses = dict(Engagement.objects.values_list("pk", "status"))
    assert statuses[ended.pk] == Engagement.Status.EXPIRED
    assert statuses[other.pk] == statuses[running.pk] == Engagement.Status.ACTIVE


def test_a_round_added_in_the_admin_lists_the_units_incumbents(client_for, bureau, unit_a):
    incumbent = EngagementFactory(unit=unit_a, start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31))
    response = client_for(bureau).post(
        reverse("admin:advisers_reselectionround_add"),
        {
            "unit": unit_a.pk,
            "title": "2026年法律顾问换届遴选",
            "role": Engagement.Role.UNIT_ADVISER,
            "selection_method": "public_selection",
            "opened_on": "2025-11-01",
            "new_term_start": "2026-01-01",
            "new_term_end": "2028-12-31",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = ReselectionRound.objects.get(unit=unit_a)
    assert list(round_.candidates.values_list("incumbent_id", flat=True)) == [incumbent.pk]


@pytest.mark.parametrize("model", ["legalopinion", "lecture"])
def test_deleting_a_duty_record_in_the_admin_goes_through_the_service(client_for, bureau, unit_a, model, monkeypatch):
    record = OpinionFactory(unit=unit_a) if model == "legalopinion" else LectureFactory(unit=unit_a)
    deleted = []
    real = services.duty_record_delete
    monkeypatch.setattr(services, "duty_record_delete", lambda **kw: deleted.append(kw["record"].pk) or real(**kw))
    response = client_for(bureau).post(reverse(f"admin:advisers_{model}_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert deleted == [record.pk]
    assert not type(record).objects.filter(pk=record.pk).exists()


def test_deleting_a_meeting_in_the_admin_has_its_advisers_contracts_rechecked(client_for, bureau):
    meeting = MeetingFactory()
    attendance = AttendanceFactory(meeting=meeting)
    changed = []

    def listen(sender, *, unit_ids, adviser_ids, **kwargs):
        changed.append(adviser_ids)

    duty_records_changed.connect(listen)
    try:
        response = client_for(bureau).post(
            reverse("admin:advisers_executivemeeting_delete", args=[meeting.pk]), {"post": "yes"}
        )
    finally:
        duty_records_changed.disconnect(listen)

    assert response.status_code == 302
    assert not MeetingAttendance.objects.filter(meeting=meeting).exists()
    assert changed == [{attendance.adviser_id}]


def test_an_engagement_added_on_the_advisers_page_goes_through_the_service(client_for, bureau, unit_a, monkeypatch):
    adviser = AdviserFactory(name="周律师")
    saved = []
    real = services.engagement_save
    monkeypatch.setattr(services, "engagement_save", lambda **kw: saved.append(kw["engagement"]) or real(**kw))
    prefix = "engagements"
    data = {
        "name": adviser.name,
        "category": adviser.category,
        "licence_no": adviser.licence_no,
        "affiliation": adviser.affiliation,
        "specialties": "",
        "phone": adviser.phone,
        "email": "",
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
        f"{prefix}-0-adviser": adviser.pk,
        f"{prefix}-0-unit": unit_a.pk,
        f"{prefix}-0-role": Engagement.Role.UNIT_ADVISER,
        f"{prefix}-0-kind": Engagement._meta.get_field("kind").default,
        f"{prefix}-0-start_date": "2025-01-01",
        f"{prefix}-0-end_date": "2027-12-31",
        f"{prefix}-0-status": Engagement.Status.ACTIVE,
        f"{prefix}-0-letter_no": "株司聘〔2025〕3号",
    }

    response = client_for(bureau).post(reverse("admin:advisers_adviser_change", args=[adviser.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    engagement = Engagement.objects.get(adviser=adviser)
    assert [e.pk for e in saved] == [engagement.pk] and engagement.letter_no == "株司聘〔2025〕3号"
