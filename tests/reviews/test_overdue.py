"""Rectification items past their due date and duty reports owed after the deadline are marked and counted."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reviews.models import RectificationItem
from reviews.selectors import ReportState, duty_report_counts, duty_report_rows, rectification_rows
from tests.world import unit_records

BEIJING_NOON = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def records(engagement_a, officer_a):
    return unit_records(engagement_a, officer_a)  # one open item due 2026-03-31


def _on(day):
    return time_machine.travel(datetime.datetime(*day, 12, tzinfo=BEIJING_NOON), tick=False)


def test_an_open_item_past_its_due_date_is_marked_and_counted(client_for, officer_a, records):
    with _on((2026, 4, 1)):
        assert records["item"].is_overdue
        page = client_for(officer_a).get(reverse("reviews:rectifications")).content.decode()
        assert "逾期未整改1项。" in page and '<span class="badge bad">逾期</span>' in page
        assert list(rectification_rows(officer_a, status="overdue")) == [records["item"]]


def test_an_item_on_its_due_date_or_answered_is_not_overdue(client_for, officer_a, records):
    item = records["item"]
    with _on((2026, 3, 31)):
        assert not item.is_overdue
        assert "逾期未整改0项。" in client_for(officer_a).get(reverse("reviews:rectifications")).content.decode()
    RectificationItem.objects.filter(pk=item.pk).update(
        status=RectificationItem.Status.ANSWERED, response="已整改", answered_at=datetime.datetime.now(datetime.UTC)
    )
    item.refresh_from_db()
    with _on((2026, 4, 1)):
        assert not item.is_overdue
        assert not rectification_rows(officer_a, status="overdue").exists()


def test_reports_owed_after_the_deadline_are_overdue(client_for, officer_a, engagement_a):
    with _on((2025, 12, 31)):
        assert duty_report_counts(officer_a, year=2025)["overdue"] == 0
        assert not duty_report_rows(officer_a, year=2025, state=ReportState.OVERDUE).exists()
    with _on((2026, 1, 1)):
        assert duty_report_counts(officer_a, year=2025) | {"overdue": 1} == duty_report_counts(officer_a, year=2025)
        assert list(duty_report_rows(officer_a, year=2025, state=ReportState.OVERDUE)) == [engagement_a]
        page = client_for(officer_a).get(reverse("reviews:duty_reports") + "?year=2025").content.decode()
        assert '<span class="badge bad">逾期</span>' in page


def test_an_engagement_without_any_report_is_listed_as_owed(officer_a, engagement_a):
    assert list(duty_report_rows(officer_a, year=2025, state=ReportState.OWED)) == [engagement_a]
