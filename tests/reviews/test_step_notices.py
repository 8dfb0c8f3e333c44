"""Each step of the reviews that someone else must act on sends a notice to them (and to the unit that made
the record), nobody else; the notice's link opens the record for every recipient.

The adviser's own duty report returned by the unit is the portal's step, tested with it."""

import datetime
from decimal import Decimal

import pytest

from accounts.jurisdictions import top_of
from accounts.models import Notice
from accounts.roles import Role
from reviews.models import Decision, InspectionCampaign, RectificationItem, UnitInspection
from reviews.services import (
    assessment_complete,
    assessment_save,
    duty_report_save,
    duty_report_submit,
    inspection_send_letter,
    rectification_answer,
    rectification_close,
    scheme_for_year,
    work_report_accept,
    work_report_return,
    work_report_save,
    work_report_submit,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_a2(unit_a):
    """A second legal officer of unit A: told of the steps the first one takes."""
    return make_user("officer_a2", Role.OFFICER, unit_a)


@pytest.fixture
def adviser_account(engagement_a, unit_a):
    return make_user("adviser_tang", Role.ADVISER, unit_a, adviser=engagement_a.adviser)


@pytest.fixture
def campaign(city):
    return InspectionCampaign.objects.create(
        jurisdiction=top_of(None), year=2025, title="2025年度全市政府合同专项清查", started_on=datetime.date(2025, 9, 1)
    )


@pytest.fixture
def item(campaign, unit_a):
    inspection = UnitInspection.objects.create(
        campaign=campaign,
        unit=unit_a,
        inspected_on=datetime.date(2025, 9, 10),
        text_quality=62,
        procedure=90,
        risk_warning=70,
        performance=60,
        archives=100,
    )
    return RectificationItem.objects.create(
        inspection=inspection, dimension="archives", description="完善合同档案", due_date=datetime.date(2026, 3, 31)
    )


def test_a_submitted_duty_report_tells_the_bureau_the_units_officers_and_the_adviser(
    told, engagement_a, officer_a, officer_a2, bureau, adviser_account, outsiders
):
    report = duty_report_save(engagement=engagement_a, year=2025, summary="全年审查合同十二份。", actor=officer_a)
    duty_report_submit(report=report, actor=officer_a)
    assert told("duty_report:submitted") == {"bureau", "officer_a2", "adviser_tang"}


def test_a_completed_assessment_tells_the_bureau_the_units_officers_and_the_adviser(
    told, engagement_a, officer_a, officer_a2, bureau, adviser_account, outsiders
):
    scores = {c.pk: (Decimal("90"), Decimal("92")) for c in scheme_for_year(2025).criteria.all()}
    assessment = assessment_save(engagement=engagement_a, year=2025, scores=scores, actor=officer_a)
    assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    assert told("assessment:completed") == {"bureau", "officer_a2", "adviser_tang"}
    assert "优秀" in Notice.objects.get(recipient=bureau).title


def test_a_submitted_work_report_tells_the_parents_officers(
    told, county_unit, county_unit_officer, county_officer, outsiders
):
    report = work_report_save(unit=county_unit, year=2025, summary="全年工作总结", actor=county_unit_officer)
    work_report_submit(report=report, actor=county_unit_officer)
    assert told("work_report_submitted") == {"county_officer"}


def test_a_county_governments_work_report_tells_the_city_bureau(told, county, county_officer, bureau, outsiders):
    report = work_report_save(unit=county, year=2025, summary="县级报告", actor=county_officer)
    work_report_submit(report=report, actor=county_officer)
    assert told("work_report_submitted") == {"bureau"}


def test_an_accepted_work_report_tells_the_unit(told, county_unit, county_unit_officer, county_officer, outsiders):
    report = work_report_save(unit=county_unit, year=2025, summary="全年工作总结", actor=county_unit_officer)
    work_report_accept(report=work_report_submit(report=report, actor=county_unit_officer), actor=county_officer)
    assert told("work_report_reviewed") == {"county_unit_officer"}
    assert Notice.objects.get(kind="work_report_reviewed").title == "你单位2025年度工作报告已被接收"


def test_a_returned_work_report_tells_the_unit_the_reason(
    told, county_unit, county_unit_officer, county_officer, outsiders
):
    report = work_report_save(unit=county_unit, year=2025, summary="初稿", actor=county_unit_officer)
    report = work_report_submit(report=report, actor=county_unit_officer)
    work_report_return(report=report, reason="缺少履职统计表", actor=county_officer)
    assert told("work_report_reviewed") == {"county_unit_officer"}
    assert Notice.objects.get(kind="work_report_reviewed").body == "缺少履职统计表"


def test_a_feedback_letter_tells_the_inspected_units_officers(told, item, officer_a, officer_a2, bureau, outsiders):
    inspection_send_letter(inspection=item.inspection, letter="请按期整改。", actor=bureau)
    assert told("inspection_feedback") == {"officer_a", "officer_a2"}


def test_an_answered_rectification_item_tells_the_bureau_that_closes_it(
    told, item, officer_a, officer_a2, bureau, outsiders
):
    rectification_answer(item=item, response="已建立一合同一档案制度", actor=officer_a)
    assert told("rectification:answered") == {"bureau", "officer_a2"}


def test_a_closed_rectification_item_tells_who_answered_it_and_the_unit(
    told, item, officer_a, officer_a2, bureau, outsiders
):
    item = rectification_answer(item=item, response="已建立一合同一档案制度", actor=officer_a)
    rectification_close(item=item, actor=bureau)
    assert told("rectification:closed") == {"officer_a", "officer_a2"}
    assert Notice.objects.get(kind="rectification:closed", recipient=officer_a).body == "完善合同档案"
