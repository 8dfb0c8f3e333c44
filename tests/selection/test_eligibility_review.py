"""The bureau running a round reviews each submitted application: eligible (a candidate of the round), or not
eligible with a reason; the applicant is told either way."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Notice
from accounts.roles import Role
from advisers.models import Adviser, ReselectionCandidate
from selection.models import Application
from selection.panel import services
from tests.factories import EngagementFactory, closed_notice, make_user, selection_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(bureau, city):
    return closed_notice(bureau, city)


def test_a_passed_application_becomes_a_candidate_of_the_round_and_the_applicant_is_told(bureau, notice):
    application = selection_application(notice, "周明远")

    services.application_review(actor=bureau, application=application, eligible=True)

    application.refresh_from_db()
    assert application.state == Application.State.ELIGIBLE
    assert application.reviewed_by == bureau and application.reviewed_at is not None
    candidate = application.candidate
    assert candidate.round == notice.round and candidate.adviser.name == "周明远"
    assert candidate.adviser.licence_no == application.licence_no
    notice_row = Notice.objects.get(recipient=application.applicant)
    assert "通过" in notice_row.title or notice.title in notice_row.title


def test_an_incumbent_passes_as_the_candidate_the_round_already_holds(bureau, city):
    incumbent = EngagementFactory(unit=city, role="city_adviser", adviser__name="唐立新")
    notice = closed_notice(bureau, city)
    held = ReselectionCandidate.objects.get(round=notice.round, adviser=incumbent.adviser)
    application = selection_application(notice, "唐立新", licence_no=incumbent.adviser.licence_no)

    services.application_review(actor=bureau, application=application, eligible=True)

    application.refresh_from_db()
    assert application.candidate == held and application.adviser == incumbent.adviser
    assert Adviser.objects.filter(name="唐立新").count() == 1


def test_a_rejection_needs_a_reason_and_sends_it_to_the_applicant(bureau, notice):
    application = selection_application(notice, "钱卫东")
    with pytest.raises(ValidationError) as refused:
        services.application_review(actor=bureau, application=application, eligible=False, reason="  ")
    assert "reason" in refused.value.message_dict
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED and not Notice.objects.exists()

    services.application_review(actor=bureau, application=application, eligible=False, reason="执业不满五年。")

    application.refresh_from_db()
    assert application.state == Application.State.REJECTED
    assert application.rejection_reason == "执业不满五年。" and application.candidate is None
    sent = Notice.objects.get(recipient=application.applicant)
    assert sent.body == "执业不满五年。"


def test_an_application_is_reviewed_once(bureau, notice):
    application = selection_application(notice, "周明远")
    services.application_review(actor=bureau, application=application, eligible=True)
    with pytest.raises(ValidationError):
        services.application_review(actor=bureau, application=application, eligible=False, reason="重复")
    assert Application.objects.get(pk=application.pk).state == Application.State.ELIGIBLE


def test_the_review_page_records_the_decision_with_the_reason_next_to_its_field(client_for, bureau, notice):
    application = selection_application(notice, "钱卫东")
    client = client_for(bureau)
    url = reverse("selection:review", args=[application.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"decision": "rejected", "reason": ""})
    assert response.status_code == 400
    assert "说明" in response.context["form"].errors["reason"][0] or response.context["form"].errors["reason"]
    assert Application.objects.get(pk=application.pk).state == Application.State.SUBMITTED

    response = client.post(url, {"decision": "rejected", "reason": "执业不满五年。"})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).state == Application.State.REJECTED


def test_who_may_not_review_is_refused_and_nothing_changes(client_for, bureau, notice, officer_a, auditor, county):
    application = selection_application(notice, "周明远")
    url = reverse("selection:review", args=[application.pk])
    county_bureau = make_user("county_bureau", Role.BUREAU, county)
    evaluator = make_user("evaluator_x", Role.EVALUATOR)
    # Another unit's officer, a county's bureau, an evaluator not on the panel: they do not see it (404);
    # auditors do not read applicants' personal data either.
    for user in (officer_a, county_bureau, evaluator, auditor):
        assert client_for(user).post(url, {"decision": "eligible"}).status_code == 404
    # The applicant sees their own application but does not review it.
    assert client_for(application.applicant).post(url, {"decision": "eligible"}).status_code == 403
    assert client_for(bureau).get(url).status_code == 200
    assert Application.objects.get(pk=application.pk).state == Application.State.SUBMITTED
