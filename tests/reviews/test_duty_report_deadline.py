"""The duty report is due by 31 December 23:59:59 Beijing time; later submissions are marked late."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from reviews.models import DutyReport, report_deadline
from reviews.services import duty_report_save, duty_report_submit

UTC = datetime.UTC
BEIJING = ZoneInfo("Asia/Shanghai")


def _submit_at(instant, engagement, officer):
    report = duty_report_save(engagement=engagement, year=2025, summary="全年审查合同。", actor=officer)
    with time_machine.travel(instant, tick=False):
        return duty_report_submit(report=report, actor=officer)


def test_the_deadline_is_new_years_midnight_in_beijing():
    assert report_deadline(2025) == datetime.datetime(2025, 12, 31, 16, 0, tzinfo=UTC)


def test_a_report_submitted_at_2330_on_31_december_beijing_is_on_time(engagement_a, officer_a):
    report = _submit_at(datetime.datetime(2025, 12, 31, 15, 30, tzinfo=UTC), engagement_a, officer_a)
    assert report.submitted_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") == "2025-12-31 23:30"
    assert report.is_late is False


def test_a_report_submitted_at_the_last_second_of_the_year_is_on_time(engagement_a, officer_a):
    report = _submit_at(datetime.datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=BEIJING), engagement_a, officer_a)
    assert report.is_late is False


def test_a_report_submitted_at_0030_on_1_january_beijing_is_late(engagement_a, officer_a):
    # 16:30 UTC on 31 December is already 1 January in Beijing.
    report = _submit_at(datetime.datetime(2025, 12, 31, 16, 30, tzinfo=UTC), engagement_a, officer_a)
    assert report.submitted_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") == "2026-01-01 00:30"
    assert report.is_late is True
    assert DutyReport.objects.filter(is_late=True).count() == 1


def test_the_database_refuses_a_late_flag_that_contradicts_the_submission_time(engagement_a, officer_a):
    report = _submit_at(datetime.datetime(2025, 12, 31, 15, 30, tzinfo=UTC), engagement_a, officer_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyReport.objects.filter(pk=report.pk).update(is_late=True)


def test_one_report_per_engagement_and_year(engagement_a, officer_a):
    duty_report_save(engagement=engagement_a, year=2025, summary="一", actor=officer_a)
    duty_report_save(engagement=engagement_a, year=2025, summary="二", actor=officer_a)
    assert DutyReport.objects.get().summary == "二"
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyReport.objects.create(engagement=engagement_a, year=2025, deadline=report_deadline(2025))


def test_a_submitted_report_cannot_be_submitted_or_changed_again(engagement_a, officer_a):
    from django.core.exceptions import ValidationError

    report = _submit_at(datetime.datetime(2025, 12, 20, tzinfo=UTC), engagement_a, officer_a)
    with pytest.raises(ValidationError):
        duty_report_submit(report=report, actor=officer_a)
    with pytest.raises(ValidationError):
        duty_report_save(engagement=engagement_a, year=2025, summary="改", actor=officer_a)


def test_an_empty_summary_cannot_be_submitted(engagement_a, officer_a):
    from django.core.exceptions import ValidationError

    report = duty_report_save(engagement=engagement_a, year=2025, summary="  ", actor=officer_a)
    with pytest.raises(ValidationError) as exc:
        duty_report_submit(report=report, actor=officer_a)
    assert "summary" in exc.value.message_dict
