"""The running bureau's panel page and the evaluators' list of panels: who opens them, and their query counts."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from selection.models import Criterion, PanelMember
from tests.conftest import post_twice
from tests.factories import closed_notice, eligible_applications, make_user, scored, selection_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluators(db):
    return [make_user(f"expert{i}", Role.EVALUATOR) for i in range(1, 6)]


@pytest.fixture
def notice(bureau, city, evaluators):
    notice = closed_notice(bureau, city)
    selection_panel(bureau, notice, evaluators)
    return notice


def test_the_bureau_sets_up_the_panel_on_its_page(client_for, bureau, city, evaluators):
    notice = closed_notice(bureau, city)
    client = client_for(bureau)
    assert client.get(reverse("selection:panel_manage", args=[notice.pk])).status_code == 200
    assert (
        client.post(reverse("selection:panel_member_add", args=[notice.pk]), {"user": evaluators[0].pk}).status_code
        == 302
    )
    page = reverse("selection:panel_manage", args=[notice.pk])
    url = reverse("selection:criterion_add", args=[notice.pk])
    first, second = post_twice(client, page=page, url=url, data={"name": "专业能力", "weight": "60", "order": "1"})
    assert first.status_code == 302 and second.status_code == 200
    assert Criterion.objects.filter(panel__notice=notice).count() == 1
    response = client.post(
        url, {"name": "从业经历", "weight": "41", "order": "2", "once_token": "8d7f4a2e-1c1b-4f55-9a57-6d0f1c0e2b11"}
    )
    assert response.status_code == 400 and response.context["criterion_form"].errors["weight"]
    assert PanelMember.objects.filter(panel__notice=notice).count() == 1


def test_only_who_runs_the_notice_opens_its_panel_page(client_for, notice, officer_a, auditor, county, evaluators):
    url = reverse("selection:panel_manage", args=[notice.pk])
    county_bureau = make_user("county_bureau", Role.BUREAU, county)
    for user in (officer_a, county_bureau, evaluators[0]):
        assert client_for(user).get(url).status_code == 404
    assert client_for(auditor).get(url).status_code == 403
    assert client_for(auditor).post(reverse("selection:panel_member_add", args=[notice.pk]), {}).status_code == 403
    assert client_for(evaluators[0]).post(reverse("selection:criterion_add", args=[notice.pk]), {}).status_code == 404


def test_an_evaluator_lists_their_panels_and_others_are_refused(client_for, notice, evaluators, finance, officer_a):
    response = client_for(evaluators[0]).get(reverse("selection:my_panels"))
    assert response.status_code == 200 and notice.title in response.content.decode()
    for user in (finance, officer_a):
        assert client_for(user).get(reverse("selection:my_panels")).status_code == 403


def test_the_panel_page_asks_a_fixed_number_of_queries(
    client_for, bureau, notice, evaluators, django_assert_max_num_queries
):
    applications = eligible_applications(bureau, notice, *[f"申请人{i}" for i in range(10)])
    for application in applications[:4]:
        for evaluator in evaluators:
            scored(evaluator, application, 80, 70, 60)
    client = client_for(bureau)
    url = reverse("selection:panel_manage", args=[notice.pk])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
