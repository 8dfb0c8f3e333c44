"""The demo data's statistics show the article's figures, computed from the records: 57 attendances by the
12 city advisers and 289 opinions given at executive meetings from 27 March 2023 to 20 December 2025."""

import pytest
from django.urls import reverse

from accounts.models import User
from advisers import selectors
from advisers.models import Adviser, Engagement, ReselectionRound


def test_the_headline_figures_come_from_the_records(demo):
    summary = selectors.meeting_summary()
    assert (summary["attendances"], summary["opinions"], summary["advisers"]) == (57, 289, 12)
    assert str(summary["first"]) == "2023-03-27" and summary["last"].isoformat() <= "2025-12-20"
    city_advisers = Adviser.objects.filter(engagements__role=Engagement.Role.CITY_ADVISER)
    assert (
        city_advisers.filter(category="scholar").count() == 4 and city_advisers.filter(category="lawyer").count() == 8
    )


def test_statistics_page_shows_57_and_289(demo, client_for):
    body = client_for(User.objects.get(username="auditor")).get(reverse("advisers:statistics")).content.decode()
    assert '<div class="value">57</div><div class="label">列席市政府常务会议（人次）</div>' in body
    assert '<div class="value">289</div><div class="label">现场发表法律意见（条）</div>' in body


def test_the_re_selection_round_is_open_with_the_twelve_incumbents(demo):
    round_ = ReselectionRound.objects.get(role=Engagement.Role.CITY_ADVISER)
    assert round_.is_open
    assert round_.candidates.filter(incumbent__isnull=False).count() == 12


@pytest.mark.parametrize("username", ["officer", "officer2"])
def test_demo_officers_have_advisers_contracts_and_findings(demo, client_for, username):
    client = client_for(User.objects.get(username=username))
    unit = User.objects.get(username=username).unit.name
    assert "暂无法律顾问" not in client.get(reverse("advisers:list")).content.decode()
    contracts = client.get(reverse("contracts:list")).content.decode()
    assert unit in contracts
    findings = client.get(reverse("contracts:findings")).content.decode()
    assert unit in findings and "暂无未整改问题" not in findings
