"""The settlements page: bureau/officers prepare with a hand-entered grade, finance confirms."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from advisers.models import Adviser, Engagement
from budgets import services
from budgets.models import ItemType, Settlement
from tests import factories
from tests.conftest import MISSING_TOKEN, once, post_twice


@pytest.fixture
def engagement(unit_a, officer_a, bureau, finance, standards):
    adviser = Adviser.objects.create(name="李教授", category=Adviser.Category.SCHOLAR)
    engagement = Engagement.objects.create(
        adviser=adviser, unit=unit_a, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31)
    )
    request = services.budget_request_create(
        actor=officer_a,
        year=2025,
        title="t",
        justification="j",
        previous_year_amount=Decimal(0),
        lines=[
            services.LineData(
                item_type=ItemType.STANDING_COUNSEL, quarter=1, quantity=Decimal(2), engagement=engagement
            )
        ],
    )
    request = services.budget_request_submit(request=request, actor=officer_a)
    request = services.budget_request_review(
        request=request, actor=bureau, line_amounts=factories.amounts(request), comment=""
    )
    services.budget_request_approve(
        request=request, actor=finance, line_amounts=factories.amounts(request, "recommended_amount")
    )
    return engagement


def test_bureau_prepares_and_finance_confirms(client_for, engagement, bureau, finance):
    response = client_for(bureau).post(
        reverse("budgets:settlement_prepare"),
        once({"engagement": engagement.pk, "year": 2025, "grade": "basic", "reason": "纸质考核"}),
        follow=True,
    )
    assert "结算已编制" in response.content.decode()
    settlement = Settlement.objects.get()
    assert settlement.amount == Decimal("7000.00")
    page = client_for(finance).get(reverse("budgets:settlements")).content.decode()
    assert "基本合格" in page and "7,000.00元" in page
    assert "手工录入" in page and "纸质考核" in page  # the list says the grade was entered by hand, and why
    response = client_for(finance).post(reverse("budgets:settlement_confirm", args=[settlement.pk]), follow=True)
    assert "结算已确认" in response.content.decode()
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CONFIRMED


def test_without_an_assessment_the_form_asks_for_a_grade_and_a_reason(client_for, engagement, bureau):
    page = client_for(bureau).get(reverse("budgets:settlements")).content.decode()
    assert '<option value="" selected>仅限无已完成考核时选择</option>' in page
    response = client_for(bureau).post(
        reverse("budgets:settlement_prepare"), once({"engagement": engagement.pk, "year": 2025}), follow=True
    )
    text = response.content.decode()
    assert "2025年度未完成考核：请选择考核等次。" in text and "请说明手工录入等次的理由" in text
    assert not Settlement.objects.exists()


def test_a_settlement_with_no_budget_is_a_clear_message(client_for, bureau, unit_b):
    adviser = Adviser.objects.create(name="王律师", category=Adviser.Category.LAWYER)
    other = Engagement.objects.create(
        adviser=adviser, unit=unit_b, start_date=date(2024, 1, 1), end_date=date(2026, 1, 1)
    )
    response = client_for(bureau).post(
        reverse("budgets:settlement_prepare"),
        once({"engagement": other.pk, "year": 2025, "grade": "excellent"}),
        follow=True,
    )
    assert "无可结算金额" in response.content.decode()
    assert not Settlement.objects.exists()


def test_refusals(client_for, engagement, bureau, officer_b, auditor, finance):
    settlement = (
        client_for(bureau).post(
            reverse("budgets:settlement_prepare"),
            once({"engagement": engagement.pk, "year": 2025, "grade": "excellent", "reason": "纸质考核"}),
        )
        and Settlement.objects.get()
    )
    # another unit's officer cannot pick this engagement (not in their choices) nor see the settlement
    response = client_for(officer_b).post(
        reverse("budgets:settlement_prepare"),
        once({"engagement": engagement.pk, "year": 2025, "grade": "excellent"}),
        follow=True,
    )
    assert "请选择有已核定经费明细出资的聘任" in response.content.decode()
    assert client_for(officer_b).post(reverse("budgets:settlement_confirm", args=[settlement.pk])).status_code == 404
    assert client_for(auditor).post(reverse("budgets:settlement_confirm", args=[settlement.pk])).status_code == 403
    assert client_for(auditor).post(reverse("budgets:settlement_prepare"), once({})).status_code == 403
    assert client_for(finance).post(reverse("budgets:settlement_prepare"), once({})).status_code == 403
    assert client_for(finance).get(reverse("budgets:settlement_confirm", args=[settlement.pk])).status_code == 405
    assert client_for(auditor).get(reverse("budgets:settlements")).status_code == 200


# -- Which engagements the prepare form offers -----------------------------------------------------


@pytest.fixture
def unfunded(unit_a):
    adviser = Adviser.objects.create(name="赵律师", category=Adviser.Category.LAWYER)
    return Engagement.objects.create(
        adviser=adviser, unit=unit_a, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31)
    )


@pytest.fixture
def few(monkeypatch):
    """One row already makes a choice set "large", so small test sets take the search path."""
    from accounts import autocomplete

    monkeypatch.setattr(autocomplete, "LARGE", 0)


def _offered(client):
    return client.get(reverse("budgets:settlement_engagement_choices")).json()["results"]


def test_only_engagements_with_an_approved_budget_are_offered(
    client_for, officer_a, engagement, unfunded, time_machine
):
    time_machine.move_to(date(2025, 12, 20))
    page = client_for(officer_a).get(reverse("budgets:settlements")).content.decode()
    assert "李教授（市住房和城乡建设局 · 常年法律顾问） 2024年1月1日—2026年12月31日</option>" in page
    assert "赵律师" not in page


def test_the_engagement_search_answers_within_the_users_scope(
    client_for, bureau, officer_a, officer_b, engagement, unfunded, time_machine, few
):
    time_machine.move_to(date(2025, 12, 20))
    url = reverse("budgets:settlement_engagement_choices")
    page = client_for(bureau).get(reverse("budgets:settlements")).content.decode()
    select = page.split('name="engagement"')[1].split("</select>")[0]
    assert f'data-ajax--url="{url}"' in select and "<option" not in select
    expected = [
        {"id": str(engagement.pk), "text": "李教授（市住房和城乡建设局 · 常年法律顾问） 2024年1月1日—2026年12月31日"}
    ]
    assert _offered(client_for(bureau)) == expected
    assert _offered(client_for(officer_a)) == expected
    assert _offered(client_for(officer_b)) == []
    assert client_for(bureau).get(url, {"term": "赵"}).json()["results"] == []


def test_the_engagement_search_is_for_those_who_prepare(client_for, finance, auditor):
    url = reverse("budgets:settlement_engagement_choices")
    assert client_for(finance).get(url).status_code == 403
    assert client_for(auditor).get(url).status_code == 403


def test_the_same_prepare_form_sent_twice_prepares_one_settlement(client_for, engagement, bureau):
    first, second = post_twice(
        client_for(bureau),
        page=reverse("budgets:settlements"),
        url=reverse("budgets:settlement_prepare"),
        data={"engagement": engagement.pk, "year": 2025, "grade": "excellent", "reason": "纸质考核"},
    )
    assert first.status_code == 302 and Settlement.objects.count() == 1
    assert "已提交过" in second.content.decode()


def test_a_prepare_post_without_its_token_prepares_nothing(client_for, engagement, bureau):
    response = client_for(bureau).post(
        reverse("budgets:settlement_prepare"),
        {"engagement": engagement.pk, "year": 2025, "grade": "excellent"},
        follow=True,
    )
    assert MISSING_TOKEN in response.content.decode() and not Settlement.objects.exists()
