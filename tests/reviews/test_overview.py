"""The overview's figures are cached (figures.aggregates): a report submitted is counted on the next view."""

import re

from django.urls import reverse

from reviews.services import duty_report_save, duty_report_submit


def _figures(client) -> list[str]:
    page = client.get(reverse("reviews:overview") + "?year=2025").content.decode()
    return re.findall(r'<div class="value">([^<]*)</div>', page)[:4]  # due, on time, late, not submitted


def test_a_submitted_report_is_counted_at_once(client_for, bureau, officer_a, engagement_a):
    client = client_for(bureau)
    assert _figures(client) == _figures(client) == ["1", "0", "0", "1"]
    report = duty_report_save(engagement=engagement_a, year=2025, summary="全年出具法律意见5件。", actor=officer_a)
    duty_report_submit(report=report, actor=officer_a)
    assert _figures(client) == ["1", "0", "1", "0"]  # submitted after the year's deadline: late
