"""The demo year 2025: every state is there, and the 24 December reminders go out once."""

import pytest
from django.core.management import call_command

from accounts.models import Notice, User
from reviews.grades import Grade
from reviews.models import Assessment, Decision, DutyReport, ReminderLog, UnitInspection, UnitWorkReport
from reviews.selectors import county_progress, inspection_averages


def test_the_demo_has_every_state(demo):
    reports = DutyReport.objects.filter(year=2025)
    assert reports.filter(status="submitted", is_late=False).exists()
    assert reports.filter(status="submitted", is_late=True).exists()
    assert reports.filter(status="draft").exists()
    done = Assessment.objects.filter(year=2025, status="completed")
    assert set(done.values_list("grade", flat=True)) == set(Grade.values)
    assert set(done.values_list("decision", flat=True)) == set(Decision.values)
    assert set(UnitWorkReport.objects.filter(year=2025).values_list("status", flat=True)) == set(
        UnitWorkReport.Status.values
    )
    bureau = User.objects.get(username="bureau")
    assert any(row["missing"] for row in county_progress(bureau, year=2025))
    city_campaign = UnitInspection.objects.filter(campaign__year=2025, campaign__jurisdiction=bureau.jurisdiction)
    assert city_campaign.count() == 81
    assert inspection_averages(city_campaign.first().campaign, user=bureau)["units"] == 81
    # 醴陵市司法局 ran its own inspection of the county's four units.
    liling = User.objects.get(username="liling")
    county_campaign = UnitInspection.objects.filter(campaign__year=2025, campaign__jurisdiction=liling.jurisdiction)
    assert county_campaign.count() == 4


def test_send_reminders_on_24_december_reminds_the_demo_officers_once(demo, capsys):
    capsys.readouterr()
    call_command("send_reminders", "--date", "2025-12-24")
    out = capsys.readouterr().out
    officers = User.objects.filter(username__in=["officer", "officer2"])
    due = ReminderLog.objects.filter(kind="report_due", day="2025-12-24")
    assert set(due.values_list("recipient__username", flat=True)) == {"officer", "officer2"}
    assert "reminder(s) sent" in out and not out.strip().endswith("0 reminder(s) sent.")
    sent = Notice.objects.filter(recipient__in=officers).count()
    assert sent >= 2
    call_command("send_reminders", "--date", "2025-12-24")
    assert "2025-12-24: 0 reminder(s) sent." in capsys.readouterr().out
    assert Notice.objects.filter(recipient__in=officers).count() == sent


@pytest.mark.parametrize("username", ["bureau", "officer", "officer2", "auditor"])
def test_every_demo_role_opens_its_pages_on_the_demo_data(demo, client_for, username):
    from django.urls import reverse

    from accounts.navigation import sections_for

    user = User.objects.get(username=username)
    client = client_for(user)
    sections = [s for s in sections_for(user) if s.url_name.startswith("reviews:")]
    assert sections
    for section in sections:
        response = client.get(section.url + "?year=2025")
        assert response.status_code == 200, section.url_name
    if username == "officer":
        page = client.get(reverse("reviews:duty_reports") + "?year=2025").content.decode()
        assert "欧阳慧" in page and "逾期提交" in page and "按时提交" in page
