"""Every step of a budget request tells whoever acts next and the unit that made it, nobody else."""

import pytest
from django.urls import reverse

from accounts.models import Notice
from accounts.roles import Role
from budgets import services, settlements
from reviews.grades import Grade
from tests import factories
from tests.factories import make_user


def told_of(kind):
    return set(Notice.objects.filter(kind=f"budget_request:{kind}").values_list("recipient__username", flat=True))


def test_each_step_tells_the_next_actor_and_the_unit(standards, officer_a, bureau, finance, outsiders):
    second_officer = make_user("officer_a2", Role.OFFICER, officer_a.unit)
    request = factories.approved(officer_a, bureau, finance)
    assert told_of("submitted") == {"bureau", "officer_a2"}
    assert told_of("reviewed") == {"finance", "officer_a", "officer_a2"}
    assert told_of("approved") == {"bureau", "officer_a", "officer_a2"}
    notice = Notice.objects.get(kind="budget_request:approved", recipient=second_officer)
    assert notice.link == reverse("budgets:request_detail", args=[request.pk])
    assert not Notice.objects.filter(recipient__in=outsiders).exists()


def test_a_return_tells_the_unit_with_the_reason(standards, officer_a, bureau, outsiders):
    request = factories.submitted(officer_a)
    services.budget_request_return(request=request, actor=bureau, reason="测算依据不足")
    notice = Notice.objects.get(kind="budget_request:returned")
    assert notice.recipient == officer_a and notice.body == "测算依据不足"
    assert not Notice.objects.filter(recipient__in=outsiders).exists()


def test_each_notice_opens_its_request_for_whoever_got_it(told, standards, officer_a, bureau, finance, outsiders):
    factories.approved(officer_a, bureau, finance)
    assert told("budget_request:submitted") == {"bureau"}
    assert told("budget_request:reviewed") == {"finance", "officer_a"}
    assert told("budget_request:approved") == {"bureau", "officer_a"}
    returned = factories.submitted(officer_a, year=2026, title="2026年度法律服务经费预算")
    services.budget_request_return(request=returned, actor=bureau, reason="测算依据不足")
    assert told("budget_request:returned") == {"officer_a"}


def test_an_approval_below_the_recommendation_tells_the_unit_the_reason(standards, officer_a, bureau, finance):
    request = factories.reviewed(officer_a, bureau)
    services.budget_request_approve(
        request=request,
        actor=finance,
        line_amounts=factories.amounts(request, "recommended_amount", ratio="0.5"),
        comment="按上年实际核减",
    )
    notice = Notice.objects.get(kind="budget_request:approved", recipient=officer_a)
    assert notice.body == "按上年实际核减"
    assert notice.title == "预算申请“2025年度法律服务经费预算”已核定：9,450.00元"


@pytest.fixture
def officer_a2(officer_a):
    return make_user("officer_a2", Role.OFFICER, officer_a.unit)


@pytest.fixture
def settlement(standards, officer_a, officer_a2, bureau, finance, engagement_a):
    factories.funding(officer_a, bureau, finance, engagement_a)
    return settlements.settlement_prepare(
        engagement=engagement_a, year=2025, grade=Grade.COMPETENT, reason="纸质考核", actor=officer_a
    )


def test_a_prepared_settlement_tells_finance_to_confirm_it_and_the_unit(told, settlement, outsiders):
    assert told("settlement:prepared") == {"finance", "officer_a2"}
    assert "48,600.00元" in Notice.objects.get(kind="settlement:prepared", recipient__username="finance").title


def test_a_confirmed_settlement_tells_who_prepared_it_and_the_unit(told, settlement, finance, outsiders):
    settlements.settlement_confirm(settlement=settlement, actor=finance)
    assert told("settlement:confirmed") == {"officer_a", "officer_a2"}
