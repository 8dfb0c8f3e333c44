"""A dismissal is not dated before the engagement's start; duty records are not dated after today (Beijing).

Both in the form (the message next to the field), in the services, and in the database: the dismissal rule
as a plain CHECK, the duty dates by a trigger against the database clock's Beijing date (a CHECK cannot say
"today") and a CHECK against a fixed outer bound (LATEST_DUTY_DATE).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from django.utils import timezone

from advisers import services
from advisers.forms import LectureForm, OpinionForm
from advisers.models import Engagement, ExecutiveMeeting, InspectionParticipation, Lecture, LegalOpinion
from advisers.models.duty import LATEST_DUTY_DATE
from tests.conftest import once
from tests.factories import EngagementFactory, LectureFactory, MeetingFactory, OpinionFactory

DISMISSAL_MESSAGE = "解聘日期不得早于聘任开始日期。"
FUTURE_MESSAGE = "履职记录的日期不能晚于今天。"


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


# -- Dismissal on or after the start ----------------------------------------------------------------


def test_engagement_form_puts_the_dismissal_error_next_to_the_dismissal_date(unit_a):
    engagement = EngagementFactory(unit=unit_a, start_date=dt.date(2026, 6, 1), end_date=dt.date(2028, 5, 31))
    form_class = modelform_factory(Engagement, fields=["start_date", "end_date", "status", "dismissed_on"])
    form = form_class(
        data={
            "start_date": "2026-06-01",
            "end_date": "2028-05-31",
            "status": "dismissed",
            "dismissed_on": "2020-01-01",
        },
        instance=engagement,
    )
    assert not form.is_valid()
    assert form.errors["dismissed_on"] == [DISMISSAL_MESSAGE]


def test_dismissal_on_the_start_date_is_accepted(unit_a, bureau):
    engagement = EngagementFactory(unit=unit_a, start_date=dt.date(2025, 6, 1), end_date=dt.date(2027, 5, 31))
    services.engagement_dismiss(actor=bureau, engagement=engagement, on=dt.date(2025, 6, 1))
    engagement.refresh_from_db()
    assert engagement.dismissed_on == dt.date(2025, 6, 1)


def test_service_refuses_a_dismissal_before_the_start_and_saves_nothing(unit_a, bureau):
    engagement = EngagementFactory(unit=unit_a, start_date=dt.date(2026, 6, 1), end_date=dt.date(2028, 5, 31))
    with pytest.raises(ValidationError) as error:
        services.engagement_dismiss(actor=bureau, engagement=engagement, on=dt.date(2020, 1, 1))
    assert error.value.message_dict == {"dismissed_on": [DISMISSAL_MESSAGE]}
    engagement.refresh_from_db()
    assert (engagement.status, engagement.dismissed_on) == (Engagement.Status.ACTIVE, None)


def test_database_refuses_a_dismissal_before_the_start(unit_a):
    engagement = EngagementFactory(unit=unit_a, start_date=dt.date(2026, 6, 1), end_date=dt.date(2028, 5, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(status="dismissed", dismissed_on=dt.date(2020, 1, 1))


# -- Duty records not in the future -----------------------------------------------------------------


def test_opinion_form_refuses_tomorrow_next_to_the_date(officer_a, adviser_a, unit_a):
    data = {
        "adviser": adviser_a.pk,
        "unit": unit_a.pk,
        "date": _tomorrow().isoformat(),
        "matter_type": "contract",
        "source": "written",
        "subject": "采购合同审查",
        "adoption": "adopted",
    }
    form = OpinionForm(data=data, instance=LegalOpinion(), user=officer_a)
    assert not form.is_valid()
    assert form.errors["date"] == [FUTURE_MESSAGE]


def test_lecture_form_refuses_tomorrow_and_accepts_today(officer_a, adviser_a, unit_a):
    data = once({"speaker": adviser_a.pk, "unit": unit_a.pk, "topic": "民法典讲座", "audience": "全体干部"})
    tomorrow = LectureForm(data={**data, "date": _tomorrow().isoformat()}, instance=Lecture(), user=officer_a)
    assert not tomorrow.is_valid()
    assert tomorrow.errors["date"] == [FUTURE_MESSAGE]
    today = LectureForm(data={**data, "date": timezone.localdate().isoformat()}, instance=Lecture(), user=officer_a)
    assert today.is_valid(), today.errors


def test_future_is_decided_by_the_beijing_date(officer_a, adviser_a, unit_a, monkeypatch):
    # 2026-03-01 20:00 UTC is already 2 March in Beijing: a record dated 2 March is today there, not tomorrow.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC))
    data = once({"speaker": adviser_a.pk, "unit": unit_a.pk, "topic": "民法典讲座", "date": "2026-03-02"})
    assert LectureForm(data=data, instance=Lecture(), user=officer_a).is_valid()
    assert not LectureForm(data={**data, "date": "2026-03-03"}, instance=Lecture(), user=officer_a).is_valid()


@pytest.mark.parametrize(
    ("save", "fields"),
    [
        ("opinion_save", {"matter_type": "contract", "source": "written", "subject": "意见", "adoption": "adopted"}),
        ("lecture_save", {"topic": "讲座"}),
    ],
)
def test_services_refuse_a_future_duty_record_and_save_nothing(save, fields, bureau, adviser_a, unit_a):
    people = {"adviser": adviser_a} if save == "opinion_save" else {"speaker": adviser_a}
    with pytest.raises(ValidationError) as error:
        getattr(services, save)(actor=bureau, unit=unit_a, date=dt.date(2099, 1, 1), **people, **fields)
    assert error.value.message_dict["date"] == [FUTURE_MESSAGE]
    assert not LegalOpinion.objects.exists() and not Lecture.objects.exists()


def test_meeting_service_refuses_a_future_meeting_and_records_no_attendance(bureau, adviser_a):
    with pytest.raises(ValidationError) as error:
        services.meeting_record(actor=bureau, date=_tomorrow(), session_number=7, adviser_ids=[adviser_a.pk])
    assert error.value.message_dict["date"] == [FUTURE_MESSAGE]
    assert not ExecutiveMeeting.objects.exists()


def test_inspection_participation_validation_refuses_tomorrow(adviser_a, unit_a):
    participation = InspectionParticipation(adviser=adviser_a, unit=unit_a, year=2026, date=_tomorrow())
    with pytest.raises(ValidationError) as error:
        participation.full_clean()
    assert error.value.message_dict["date"] == [FUTURE_MESSAGE]


@pytest.mark.parametrize("factory", [OpinionFactory, LectureFactory, MeetingFactory])
def test_database_refuses_a_duty_date_past_the_fixed_bound(factory, unit_a, adviser_a):
    record = factory(**({"unit": unit_a} if factory is not MeetingFactory else {}))
    past_bound = LATEST_DUTY_DATE + dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(date=past_bound)


@pytest.mark.parametrize("factory", [OpinionFactory, LectureFactory, MeetingFactory])
def test_database_refuses_a_duty_record_dated_tomorrow_and_accepts_today(factory, unit_a, adviser_a):
    """The triggers of advisers/0013: the database clock's Beijing date, whatever wrote the row."""
    record = factory(**({"unit": unit_a} if factory is not MeetingFactory else {}))
    model = type(record)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(date=_tomorrow())
    assert model.objects.filter(pk=record.pk).update(date=timezone.localdate()) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(date=_tomorrow(), **({"unit": unit_a} if factory is not MeetingFactory else {}))


def test_database_refuses_an_inspection_participation_dated_tomorrow(adviser_a, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionParticipation.objects.create(adviser=adviser_a, unit=unit_a, year=2026, date=_tomorrow())
