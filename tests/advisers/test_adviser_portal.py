"""An adviser's own portal: its engagements, contracts, duty records, reports, assessment and settlement, and
nothing of another adviser's; its menu and its home."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.navigation import sections_for
from accounts.roles import Role
from budgets.models import Settlement
from reviews.models import DutyReport, report_deadline
from reviews.services import assessment_complete, assessment_save, scheme_for_year
from tests.factories import ContractFactory, LectureFactory, OpinionFactory, make_user


@pytest.fixture
def adviser_user(engagement_a):
    return make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser)


def _settlement(engagement, amount):
    return Settlement.objects.create(
        engagement=engagement,
        unit=engagement.unit,
        year=2025,
        approved_amount=Decimal("80000"),
        grade="competent",
        grade_source="manual",
        grade_reason="纸质考核",
        coefficient=Decimal("0.90"),
        amount=Decimal(amount),
    )


def test_the_adviser_sees_its_own_engagements_and_gets_404_on_another_advisers(
    client_for, adviser_user, engagement_a, engagement_b
):
    client = client_for(adviser_user)
    page = client.get(reverse("advisers:engagements")).content.decode()
    assert "唐立新" in page and "贺振华" not in page
    assert client.get(reverse("advisers:engagement", args=[engagement_a.pk])).status_code == 200
    assert client.get(reverse("advisers:engagement", args=[engagement_b.pk])).status_code == 404


def test_the_adviser_sees_its_own_contracts_only(client_for, adviser_user, engagement_a, engagement_b):
    own = ContractFactory(unit=engagement_a.unit, adviser=engagement_a.adviser, number="HT-OWN")
    other = ContractFactory(unit=engagement_b.unit, adviser=engagement_b.adviser, number="HT-OTHER")
    client = client_for(adviser_user)
    page = client.get(reverse("contracts:list")).content.decode()
    assert "HT-OWN" in page and "HT-OTHER" not in page
    assert client.get(reverse("contracts:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("contracts:detail", args=[other.pk])).status_code == 404


def test_the_adviser_sees_its_own_duty_records_only(client_for, adviser_user, engagement_a, engagement_b):
    OpinionFactory(adviser=engagement_a.adviser, unit=engagement_a.unit, subject="本人的审查意见")
    OpinionFactory(adviser=engagement_b.adviser, unit=engagement_b.unit, subject="他人的审查意见")
    LectureFactory(speaker=engagement_b.adviser, unit=engagement_b.unit, topic="他人的讲座")
    client = client_for(adviser_user)
    opinions = client.get(reverse("advisers:opinions")).content.decode()
    assert "本人的审查意见" in opinions and "他人的审查意见" not in opinions
    assert "他人的讲座" not in client.get(reverse("advisers:lectures")).content.decode()


def test_the_adviser_sees_its_own_settlement_and_not_another_advisers(
    client_for, adviser_user, engagement_a, engagement_b
):
    _settlement(engagement_a, "72000")
    _settlement(engagement_b, "65000")
    response = client_for(adviser_user).get(reverse("budgets:settlements"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "72,000.00元" in page and "65,000.00元" not in page
    assert "编制结算" not in page  # nothing to prepare or confirm


def test_the_adviser_sees_its_own_assessment_only(client_for, adviser_user, engagement_a, engagement_b, veto_items):
    scheme = scheme_for_year(2025, engagement_a.unit.jurisdiction)
    scores = {c.pk: (Decimal("92"), Decimal("91")) for c in scheme.criteria.all()}
    officer = make_user("officer_x", Role.OFFICER, engagement_a.unit)
    own = assessment_save(engagement=engagement_a, year=2025, scores=scores, actor=officer)
    assessment_complete(assessment=own, decision="renew", actor=officer)
    other = assessment_save(engagement=engagement_b, year=2025, scores=scores, actor=None)
    client = client_for(adviser_user)
    page = client.get(reverse("reviews:assessment_detail", args=[own.pk])).content.decode()
    assert "优秀" in page
    assert client.get(reverse("reviews:assessment_detail", args=[other.pk])).status_code == 404


def test_the_adviser_reads_its_assessment_only_once_the_unit_has_completed_it(
    client_for, adviser_user, engagement_a, veto_items
):
    scheme = scheme_for_year(2025, engagement_a.unit.jurisdiction)
    officer = make_user("officer_x", Role.OFFICER, engagement_a.unit)
    scores = {c.pk: (Decimal("70"), Decimal("66.5")) for c in scheme.criteria.all()}
    draft = assessment_save(engagement=engagement_a, year=2025, scores=scores, actor=officer)
    client = client_for(adviser_user)
    assert client.get(reverse("reviews:assessment_detail", args=[draft.pk])).status_code == 404
    listed = client.get(reverse("reviews:assessments") + "?year=2025").context["page"].object_list
    # The unit's working scores stay the unit's: the list shows the engagement as not assessed yet.
    assert [(row.assessment_id, row.assessment_total) for row in listed] == [(None, None)]
    assessment_complete(assessment=draft, decision="rectify", actor=officer)
    assert client.get(reverse("reviews:assessment_detail", args=[draft.pk])).status_code == 200
    listed = client.get(reverse("reviews:assessments") + "?year=2025").context["page"].object_list
    assert [(row.assessment_id, row.assessment_grade) for row in listed] == [(draft.pk, "basic")]


def test_the_advisers_menu_has_its_own_pages_and_none_of_the_units(adviser_user):
    names = {section.url_name for section in sections_for(adviser_user)}
    assert {
        "advisers:engagements",
        "advisers:opinions",
        "advisers:proposals",
        "contracts:list",
        "reviews:duty_reports",
        "reviews:assessments",
        "budgets:settlements",
    } <= names
    assert not names & {"budgets:requests", "reviews:work_reports", "advisers:rounds", "reviews:inspections"}


def _waiting(client):
    with time_machine.travel(dt.datetime(2025, 12, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("portal:home"))
    return {w.item.key: (w.count, w.url) for w in response.context["waiting"]}


def test_the_advisers_home_shows_the_report_it_still_owes(client_for, adviser_user, engagement_a):
    client = client_for(adviser_user)
    count, url = _waiting(client)["reviews:duty_owed"]
    assert count == 1 and url == reverse("reviews:duty_reports") + "?year=2025&state=owed"
    DutyReport.objects.create(
        engagement=engagement_a,
        year=2025,
        deadline=report_deadline(2025),
        status=DutyReport.Status.SUBMITTED,
        submitted_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
        summary="总结",
    )
    assert _waiting(client)["reviews:duty_owed"][0] == 0
