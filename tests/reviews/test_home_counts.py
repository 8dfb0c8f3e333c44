"""The home's duty-report counts are cached figures (the province's would scan every engagement of the year on
each visit): a report written or submitted changes them at once."""

import datetime

import time_machine
from django.urls import reverse

from accounts.todo import waiting_for
from reviews.models import DutyReport
from tests.conftest import once

DEC_10 = datetime.datetime(2025, 12, 10, 2, 0, tzinfo=datetime.UTC)


def duty_counts(user):
    figures = {w.item.key: w.count for w in waiting_for(user)}
    return figures.get("reviews:duty_owed"), figures.get("reviews:duty_draft")


def test_the_home_counts_follow_a_report_from_owed_to_draft_to_submitted(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    with time_machine.travel(DEC_10, tick=False):
        assert duty_counts(officer_a) == (1, 0)
        client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "总结"}))
        assert duty_counts(officer_a) == (1, 1)
        report = DutyReport.objects.get()
        client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {"confirm": "on"})
        assert DutyReport.objects.get().status == DutyReport.Status.SUBMITTED
        assert duty_counts(officer_a) == (0, 0)


def test_another_units_officer_does_not_count_the_report(officer_a, officer_b, engagement_a):
    with time_machine.travel(DEC_10, tick=False):
        assert duty_counts(officer_a) == (1, 0)
        assert duty_counts(officer_b) == (0, 0)
