"""An adviser proposes its own lectures and written opinions; the unit's officer confirms or declines them.
A proposal counts nowhere until it is confirmed, and a record nobody proposed is always confirmed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notice
from accounts.roles import Role
from advisers import selectors, services
from advisers.models import Confirmation, Lecture, LegalOpinion
from contracts.models import Rule
from reviews.records import duty_counts, unit_year_figures
from tests.conftest import once
from tests.contracts.test_rules import _open as open_findings
from tests.contracts.test_rules import _save as save_contract
from tests.factories import EngagementFactory, LectureFactory, OpinionFactory, make_user

DAY = dt.date(2025, 6, 3)


@pytest.fixture
def adviser_user(engagement_a):
    return make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser)


@pytest.fixture
def proposed_lecture(adviser_user, unit_a):
    return services.lecture_propose(
        actor=adviser_user, unit=unit_a, date=DAY, topic="民法典合同编", audience="全体干部"
    )


@pytest.fixture
def proposed_opinion(adviser_user, unit_a):
    return services.opinion_propose(
        actor=adviser_user, unit=unit_a, date=DAY, matter_type="contract", subject="合作协议审查意见"
    )


def test_the_adviser_proposes_a_lecture_through_the_portal_and_the_officer_is_told(
    client_for, adviser_user, officer_a, officer_b, unit_a
):
    data = once({"unit": unit_a.pk, "date": "2025-06-03", "topic": "民法典合同编", "audience": "全体干部"})
    response = client_for(adviser_user).post(reverse("advisers:lecture_propose"), data)
    assert response.status_code == 302
    lecture = Lecture.objects.get()
    assert lecture.confirmation == Confirmation.PROPOSED and lecture.proposed_by == adviser_user
    assert lecture.speaker == adviser_user.adviser
    notice = Notice.objects.get(kind="duty_record:proposed")
    assert notice.recipient == officer_a and "唐立新" in notice.title
    assert notice.link == reverse("advisers:proposals") + "?kind=lectures&state=proposed"
    assert not Notice.objects.filter(recipient=officer_b).exists()


def test_a_proposal_sent_twice_makes_one_record(client_for, adviser_user, unit_a):
    client = client_for(adviser_user)
    data = once({"unit": unit_a.pk, "date": "2025-06-03", "matter_type": "contract", "subject": "审查意见"})
    client.post(reverse("advisers:opinion_propose"), data)
    client.post(reverse("advisers:opinion_propose"), data)
    assert LegalOpinion.objects.count() == 1


def test_the_adviser_proposes_only_for_a_unit_that_engaged_it_that_day(adviser_user, unit_a, unit_b):
    with pytest.raises(ValidationError) as refused:
        services.lecture_propose(actor=adviser_user, unit=unit_b, date=DAY, topic="讲座")
    assert "该日期您未受聘于该单位" in str(refused.value)
    with pytest.raises(ValidationError):
        services.lecture_propose(actor=adviser_user, unit=unit_a, date=dt.date(2023, 6, 1), topic="任期前的讲座")
    assert not Lecture.objects.exists()


def test_the_form_offers_only_the_advisers_own_units(client_for, adviser_user, unit_a, unit_b):
    page = client_for(adviser_user).get(reverse("advisers:opinion_propose")).content.decode()
    assert unit_a.name in page and unit_b.name not in page
    response = client_for(adviser_user).post(
        reverse("advisers:opinion_propose"),
        once({"unit": unit_b.pk, "date": "2025-06-03", "matter_type": "contract", "subject": "越权"}),
    )
    assert response.status_code == 200 and not LegalOpinion.objects.exists()


def test_a_proposal_counts_nowhere_until_the_officer_confirms_it(
    adviser_user, officer_a, engagement_a, proposed_lecture, proposed_opinion, unit_a, auditor
):
    adviser_id = engagement_a.adviser_id
    before = duty_counts(engagement_a, 2025)
    assert before["lectures_given"] == 0 and before["opinions_given"] == 0
    assert unit_year_figures(unit_a, 2025)["lectures"] == 0
    assert {row.pk: row for row in selectors.adviser_statistics(auditor)}[adviser_id].n_lectures == 0
    assert not selectors.lectures_for(officer_a).exists() and not selectors.opinions_for(officer_a).exists()

    services.proposal_decide(actor=officer_a, record=proposed_lecture, confirm=True)
    services.proposal_decide(actor=officer_a, record=proposed_opinion, confirm=True)
    after = duty_counts(engagement_a, 2025)
    assert after["lectures_given"] == 1 and after["opinions_given"] == 1
    assert unit_year_figures(unit_a, 2025)["lectures"] == 1
    assert {row.pk: row for row in selectors.adviser_statistics(auditor)}[adviser_id].n_lectures == 1
    assert selectors.lectures_for(officer_a).get() == proposed_lecture


def test_a_proposal_does_not_keep_an_engagement_from_being_idle(adviser_user, engagement_a, unit_a):
    today = timezone.localdate()
    engagement = EngagementFactory(
        adviser=engagement_a.adviser,
        unit=unit_a,
        start_date=today - dt.timedelta(days=400),
        end_date=today + dt.timedelta(days=400),
        status="renewed",
    )
    services.lecture_propose(actor=adviser_user, unit=unit_a, date=today, topic="近期讲座")
    assert selectors.idle_engagements(adviser_user, today=today, months=6).filter(pk=engagement.pk).exists()


def test_work_after_a_contract_ended_is_a_finding_only_once_confirmed(
    bureau, officer_a, adviser_user, engagement_a, unit_a
):
    contract = save_contract(bureau, engagement_a, start_date=dt.date(2024, 1, 10), end_date=dt.date(2025, 1, 31))
    lecture = services.lecture_propose(actor=adviser_user, unit=unit_a, date=DAY, topic="合同到期后的讲座")
    assert Rule.WORK_AFTER_EXPIRY not in open_findings(contract)
    services.proposal_decide(actor=officer_a, record=lecture, confirm=True)
    assert Rule.WORK_AFTER_EXPIRY in open_findings(contract)


def test_the_officer_confirms_in_the_portal_and_the_adviser_is_told(
    client_for, officer_a, adviser_user, proposed_lecture
):
    client = client_for(officer_a)
    page = client.get(reverse("advisers:proposals") + "?kind=lectures").content.decode()
    assert "民法典合同编" in page and "不予确认" in page
    response = client.post(reverse("advisers:lecture_decide", args=[proposed_lecture.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    proposed_lecture.refresh_from_db()
    assert proposed_lecture.confirmation == Confirmation.CONFIRMED
    assert Notice.objects.get(recipient=adviser_user, kind="duty_record:decided").title.startswith(
        "市住房和城乡建设局已确认"
    )


def test_declining_needs_a_reason_that_the_adviser_then_reads(client_for, officer_a, adviser_user, proposed_opinion):
    client = client_for(officer_a)
    url = reverse("advisers:opinion_decide", args=[proposed_opinion.pk])
    response = client.post(url, {"decision": "decline", "decline_reason": " "})
    assert response.status_code == 400 and "请填写不予确认的理由。" in response.content.decode()
    proposed_opinion.refresh_from_db()
    assert proposed_opinion.confirmation == Confirmation.PROPOSED
    client.post(url, {"decision": "decline", "decline_reason": "该意见未经单位书面委托。"})
    proposed_opinion.refresh_from_db()
    assert proposed_opinion.confirmation == Confirmation.DECLINED
    page = client_for(adviser_user).get(reverse("advisers:proposals")).content.decode()
    assert "未予确认" in page and "该意见未经单位书面委托。" in page
    notice = Notice.objects.get(recipient=adviser_user)
    assert notice.body == "该意见未经单位书面委托。"
    assert notice.link == reverse("advisers:proposals") + "?kind=opinions&state=declined"


def test_a_decided_proposal_cannot_be_decided_again(officer_a, proposed_lecture):
    services.proposal_decide(actor=officer_a, record=proposed_lecture, confirm=False, reason="重复登记")
    with pytest.raises(ValidationError):
        services.proposal_decide(actor=officer_a, record=proposed_lecture, confirm=True)


def test_another_units_officer_cannot_confirm(client_for, officer_b, proposed_lecture):
    response = client_for(officer_b).post(
        reverse("advisers:lecture_decide", args=[proposed_lecture.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 404
    proposed_lecture.refresh_from_db()
    assert proposed_lecture.confirmation == Confirmation.PROPOSED


@pytest.mark.parametrize("who", ["auditor", "adviser_user", "finance"])
def test_auditors_finance_and_the_adviser_itself_may_not_confirm(request, client_for, who, proposed_lecture):
    response = client_for(request.getfixturevalue(who)).post(
        reverse("advisers:lecture_decide", args=[proposed_lecture.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 403
    proposed_lecture.refresh_from_db()
    assert proposed_lecture.confirmation == Confirmation.PROPOSED


@pytest.mark.parametrize("who", ["officer_a", "auditor", "bureau"])
def test_only_an_adviser_proposes(request, client_for, who):
    assert client_for(request.getfixturevalue(who)).get(reverse("advisers:lecture_propose")).status_code == 403


def test_an_adviser_sees_only_its_own_proposals(client_for, proposed_lecture, engagement_b):
    other = make_user("other_adviser", Role.ADVISER, adviser=engagement_b.adviser)
    page = client_for(other).get(reverse("advisers:proposals") + "?kind=lectures").content.decode()
    assert "民法典合同编" not in page


def test_the_database_keeps_a_record_nobody_proposed_confirmed(unit_a, engagement_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        LectureFactory(speaker=engagement_a.adviser, unit=unit_a, confirmation=Confirmation.PROPOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpinionFactory(adviser=engagement_a.adviser, unit=unit_a, confirmation=Confirmation.DECLINED)
    # What the officer records is confirmed by default.
    assert OpinionFactory(adviser=engagement_a.adviser, unit=unit_a).confirmation == Confirmation.CONFIRMED


def test_the_database_refuses_a_declined_proposal_without_a_reason(proposed_lecture):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lecture.objects.filter(pk=proposed_lecture.pk).update(confirmation=Confirmation.DECLINED)


def test_the_officers_home_shows_the_proposals_to_confirm(client_for, officer_a, proposed_lecture, proposed_opinion):
    page = client_for(officer_a).get(reverse("portal:home")).content.decode()
    assert "待确认的顾问法律意见" in page and "待确认的顾问法治讲座" in page
    for kind in ("opinions", "lectures"):
        assert reverse("advisers:proposals") + f"?kind={kind}&amp;state=proposed" in page


def test_the_proposals_page_counts_its_queries(
    client_for, officer_a, adviser_user, unit_a, django_assert_max_num_queries
):
    for n in range(12):
        services.lecture_propose(actor=adviser_user, unit=unit_a, date=DAY, topic=f"讲座{n}")
    client = client_for(officer_a)
    # session, user, savepoint, the two kinds' waiting counts, the page's count and rows, release
    with django_assert_max_num_queries(8):
        response = client.get(reverse("advisers:proposals") + "?kind=lectures")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 12
