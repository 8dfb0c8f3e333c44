"""Applications are submitted by the notice's deadline, Beijing time, kept to the second: the deadline's own
second is on time, the next one is late, and a late submission is refused with the deadline in the message."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from selection.models import Application
from selection.services import application_submit
from tests.factories import application_draft, selection_notice, with_documents

UTC = datetime.UTC
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
# 07:00 on 16 January in Beijing is still 15 January in UTC (23:00).
DEADLINE = datetime.datetime(2026, 1, 16, 7, 0, 0, tzinfo=BEIJING)
OPENS = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=BEIJING)


@pytest.fixture
def january_notice(selection_round):
    with time_machine.travel(datetime.datetime(2025, 12, 31, tzinfo=UTC), tick=False):
        return selection_notice(selection_round, opens_at=OPENS, closes_at=DEADLINE)


@pytest.fixture
def ready(january_notice, applicant):
    with time_machine.travel(datetime.datetime(2026, 1, 10, tzinfo=BEIJING), tick=False):
        return with_documents(application_draft(january_notice, applicant))


def _submit_at(instant, application):
    with time_machine.travel(instant, tick=False):
        return application_submit(actor=application.applicant, application=application, confirmed=True)


def test_the_deadline_falls_on_the_previous_day_in_utc():
    assert DEADLINE.astimezone(UTC) == datetime.datetime(2026, 1, 15, 23, 0, tzinfo=UTC)


def test_an_application_submitted_in_the_deadlines_last_second_is_on_time(ready):
    application = _submit_at(datetime.datetime(2026, 1, 16, 7, 0, 0, 999999, tzinfo=BEIJING), ready)
    assert application.state == Application.State.SUBMITTED
    assert application.submitted_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") == "2026-01-16 07:00:00"


def test_an_application_submitted_the_next_second_is_refused_with_the_deadline(ready):
    with pytest.raises(ValidationError) as exc:
        _submit_at(datetime.datetime(2026, 1, 15, 23, 0, 1, tzinfo=UTC), ready)
    assert "2026年1月16日 07:00:00" in " ".join(exc.value.messages)
    ready.refresh_from_db()
    assert ready.state == Application.State.DRAFT and ready.submitted_at is None


def test_an_application_submitted_at_utc_midnight_is_already_late_in_beijing(ready):
    # 00:30 UTC on 16 January is 08:30 in Beijing, after the 07:00 deadline.
    with pytest.raises(ValidationError):
        _submit_at(datetime.datetime(2026, 1, 16, 0, 30, tzinfo=UTC), ready)


def test_an_application_cannot_be_submitted_before_the_window_opens(january_notice, applicant):
    with time_machine.travel(datetime.datetime(2026, 1, 1, 8, 0, tzinfo=BEIJING), tick=False):
        notice_open = january_notice.accepts_applications()
    assert notice_open is False


def test_the_submit_page_shows_the_deadline_when_it_refuses(ready, client_for):
    client = client_for(ready.applicant)
    with time_machine.travel(datetime.datetime(2026, 1, 16, 7, 0, 1, tzinfo=BEIJING), tick=False):
        response = client.post(reverse("selection:submit", args=[ready.pk]), {"confirm": "on"})
    assert response.status_code == 400
    assert "报名已于2026年1月16日 07:00:00（北京时间）截止" in response.content.decode()
    ready.refresh_from_db()
    assert ready.state == Application.State.DRAFT
