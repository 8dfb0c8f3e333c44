"""The adviser writes and submits its own duty report; the unit's officer returns it with a reason; the adviser
corrects it and submits again. Who may return, the notices, the audit row and the deadline edges."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Notice
from accounts.roles import Role
from reviews.models import DutyReport
from reviews.services import duty_report_return, duty_report_save, duty_report_submit
from tests.conftest import once
from tests.factories import make_user

BEIJING = ZoneInfo("Asia/Shanghai")
# Inside the year, well before the deadline.
DEC_10 = datetime.datetime(2025, 12, 10, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def adviser_user(engagement_a):
    return make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser)


@pytest.fixture
def submitted(engagement_a, adviser_user):
    report = duty_report_save(engagement=engagement_a, year=2025, summary="全年出具法律意见5件。", actor=adviser_user)
    with time_machine.travel(DEC_10, tick=False):
        return duty_report_submit(report=report, actor=adviser_user)


def _submit(client, report, when):
    with time_machine.travel(when, tick=False):
        return client.post(reverse("reviews:duty_report_submit", args=[report.pk]), {"confirm": "on"}, follow=True)


def test_the_adviser_writes_and_submits_its_own_report_and_the_officer_is_told(
    client_for, adviser_user, officer_a, engagement_a
):
    client = client_for(adviser_user)
    client.post(reverse("reviews:duty_report_edit", args=[engagement_a.pk, 2025]), once({"summary": "本人全年履职。"}))
    report = DutyReport.objects.get()
    response = _submit(client, report, DEC_10)
    assert "报告已按时提交。" in response.content.decode()
    report.refresh_from_db()
    assert report.submitted_by == adviser_user and not report.is_late
    assert Notice.objects.filter(recipient=officer_a, kind="duty_report:submitted").count() == 1


def test_the_officer_returns_a_submitted_report_with_a_reason_and_the_adviser_is_told(
    client_for, officer_a, adviser_user, submitted
):
    response = client_for(officer_a).post(
        reverse("reviews:duty_report_return", args=[submitted.pk]), {"return_reason": "请补充讲座情况。"}, follow=True
    )
    assert "报告已退回" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DutyReport.Status.RETURNED
    assert submitted.returned_by == officer_a and submitted.return_reason == "请补充讲座情况。"
    notice = Notice.objects.get(recipient=adviser_user, kind="duty_report:returned")
    assert notice.body == "请补充讲座情况。"
    assert notice.link == reverse("reviews:duty_report_detail", args=[submitted.pk])
    # The return is in the audit trail with its actor.
    entry = LogEntry.objects.get_for_object(submitted).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == officer_a
    assert entry.changes_dict["status"] == ["submitted", "returned"]


def test_returning_needs_a_reason_and_saves_nothing_without_one(client_for, officer_a, submitted):
    response = client_for(officer_a).post(
        reverse("reviews:duty_report_return", args=[submitted.pk]), {"return_reason": "   "}
    )
    assert response.status_code == 400
    assert "请填写退回理由。" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DutyReport.Status.SUBMITTED
    with pytest.raises(ValidationError, match="退回理由"):
        duty_report_return(report=submitted, reason="", actor=officer_a)


def test_only_a_submitted_report_can_be_returned(officer_a, engagement_a):
    draft = duty_report_save(engagement=engagement_a, year=2025, summary="草稿", actor=officer_a)
    with pytest.raises(ValidationError, match="只有已提交的报告才能退回"):
        duty_report_return(report=draft, reason="原因", actor=officer_a)


def test_the_database_refuses_a_returned_report_without_a_reason(submitted):
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyReport.objects.filter(pk=submitted.pk).update(status=DutyReport.Status.RETURNED)


def test_the_adviser_corrects_a_returned_report_and_submits_it_again(client_for, officer_a, adviser_user, submitted):
    duty_report_return(report=submitted, reason="请补充讲座情况。", actor=officer_a)
    client = client_for(adviser_user)
    page = client.get(reverse("reviews:duty_report_detail", args=[submitted.pk])).content.decode()
    assert "已退回修改" in page and "请补充讲座情况。" in page and "提交报告" in page
    edit = reverse("reviews:duty_report_edit", args=[submitted.engagement_id, 2025])
    assert client.post(edit, once({"summary": "全年出具法律意见5件，开展讲座2场。"})).status_code == 302
    response = _submit(client, submitted, datetime.datetime(2025, 12, 20, 9, 0, tzinfo=BEIJING))
    assert "报告已按时提交。" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DutyReport.Status.SUBMITTED and submitted.summary.endswith("讲座2场。")
    notice = Notice.objects.filter(recipient=officer_a, kind="duty_report:submitted").latest("pk")
    assert "修改后重新提交" in notice.title
    page = client.get(reverse("reviews:duty_report_detail", args=[submitted.pk])).content.decode()
    assert "上次退回理由： 请补充讲座情况。" in page and "已退回修改" not in page


def test_the_returned_report_waits_on_the_advisers_home(client_for, officer_a, adviser_user, submitted):
    duty_report_return(report=submitted, reason="请补充。", actor=officer_a)
    with time_machine.travel(datetime.datetime(2025, 12, 12, 9, 0, tzinfo=BEIJING), tick=False):
        response = client_for(adviser_user).get(reverse("portal:home"))
    waiting = {w.item.key: w for w in response.context["waiting"]}["reviews:duty_returned"]
    assert waiting.count == 1
    assert waiting.url == reverse("reviews:duty_reports") + "?year=2025&state=returned"
    assert "退回修改的履职报告" in response.content.decode()


def test_a_resubmission_after_the_deadline_is_late(officer_a, adviser_user, submitted):
    duty_report_return(report=submitted, reason="请补充。", actor=officer_a)
    with time_machine.travel(datetime.datetime(2026, 1, 1, 0, 0, 0, tzinfo=BEIJING), tick=False):
        report = duty_report_submit(report=submitted, actor=adviser_user)
    assert report.is_late is True


def test_the_advisers_own_submission_at_the_last_second_of_the_year_is_on_time(engagement_a, adviser_user):
    report = duty_report_save(engagement=engagement_a, year=2025, summary="总结", actor=adviser_user)
    with time_machine.travel(datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=BEIJING), tick=False):
        assert duty_report_submit(report=report, actor=adviser_user).is_late is False


def test_the_advisers_own_submission_at_midnight_on_new_years_day_is_late(engagement_a, adviser_user):
    report = duty_report_save(engagement=engagement_a, year=2025, summary="总结", actor=adviser_user)
    with time_machine.travel(datetime.datetime(2026, 1, 1, 0, 0, 0, tzinfo=BEIJING), tick=False):
        assert duty_report_submit(report=report, actor=adviser_user).is_late is True


def test_another_units_officer_cannot_return_the_report(client_for, officer_b, submitted):
    response = client_for(officer_b).post(
        reverse("reviews:duty_report_return", args=[submitted.pk]), {"return_reason": "原因"}
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == DutyReport.Status.SUBMITTED


@pytest.mark.parametrize("who", ["auditor", "adviser_user", "finance"])
def test_the_auditor_finance_and_the_adviser_itself_may_not_return(request, client_for, who, submitted):
    user = request.getfixturevalue(who)
    response = client_for(user).post(
        reverse("reviews:duty_report_return", args=[submitted.pk]), {"return_reason": "原因"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == DutyReport.Status.SUBMITTED


def test_the_officer_sees_the_return_form_and_the_adviser_does_not(client_for, officer_a, adviser_user, submitted):
    url = reverse("reviews:duty_report_detail", args=[submitted.pk])
    assert "退回报告" in client_for(officer_a).get(url).content.decode()
    assert "退回报告" not in client_for(adviser_user).get(url).content.decode()


def test_another_adviser_gets_404_on_the_report(client_for, submitted, engagement_b):
    other = make_user("other_adviser", Role.ADVISER, adviser=engagement_b.adviser)
    assert client_for(other).get(reverse("reviews:duty_report_detail", args=[submitted.pk])).status_code == 404


def test_the_list_filters_the_returned_reports(client_for, officer_a, submitted, engagement_a):
    duty_report_return(report=submitted, reason="请补充。", actor=officer_a)
    page = client_for(officer_a).get(reverse("reviews:duty_reports") + "?year=2025&state=returned").content.decode()
    assert "唐立新" in page and "已退回修改" in page
