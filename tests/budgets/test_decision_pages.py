"""The bureau's review and the finance approver's decision, through the request page."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from budgets.models import BudgetRequest
from tests import factories

Status = BudgetRequest.Status


def _lines(request, field="amount", ratio="1"):
    return {f"line_{pk}": str(v) for pk, v in factories.amounts(request, field, ratio).items()}


def test_bureau_reviews_on_the_request_page(client_for, officer_a, bureau, standards):
    request = factories.submitted(officer_a)
    client = client_for(bureau)
    assert "审核（司法局）" in client.get(reverse("budgets:request_detail", args=[request.pk])).content.decode()
    data = {"version": request.version, "comment": "单价按标准", **_lines(request, ratio="0.8")}
    response = client.post(reverse("budgets:request_review", args=[request.pk]), data, follow=True)
    assert "审核意见已保存" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.REVIEWED and request.recommended_amount == Decimal("16800.00")


def test_a_recommendation_above_the_line_shows_the_error_next_to_that_line(client_for, officer_a, bureau, standards):
    request = factories.submitted(officer_a)
    data = {"version": request.version, **_lines(request, ratio="2")}
    response = client_for(bureau).post(reverse("budgets:request_review", args=[request.pk]), data)
    line = request.lines.order_by("pk").first()
    assert response.status_code == 200 and f"不能超过{line.amount:,.2f}元。" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_finance_sees_lines_and_history_and_approves_lower(client_for, officer_a, bureau, finance, standards):
    request = factories.reviewed(officer_a, bureau)
    client = client_for(finance)
    page = client.get(reverse("budgets:request_detail", args=[request.pk])).content.decode()
    assert (
        "核定（财政局）" in page
        and "工作量明细" in page
        and "办理记录" in page
        and "基本合理" in page
        and "核定金额" in page
    )
    data = {"version": request.version, **_lines(request, "recommended_amount", "0.5")}
    # Less than recommended without a word of reason: refused next to the reason field, nothing saved.
    response = client.post(reverse("budgets:request_approve", args=[request.pk]), data)
    assert response.status_code == 200
    assert "核定金额9,450.00元低于审核建议金额18,900.00元，请说明核减理由。" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.REVIEWED and all(line.approved_amount is None for line in request.lines.all())
    data["comment"] = "本级财力有限，按上年实际发生额核减。"
    response = client.post(reverse("budgets:request_approve", args=[request.pk]), data, follow=True)
    assert "申请已核定" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.approved_amount == Decimal("9450.00")
    assert request.approval_comment == data["comment"]
    page = client_for(officer_a).get(reverse("budgets:request_detail", args=[request.pk])).content.decode()
    assert "核减理由" in page and data["comment"] in page


def test_the_database_refuses_a_cut_without_a_reason(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance)
    BudgetRequest.objects.filter(pk=request.pk).update(approval_comment="")  # approved at the recommendation
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRequest.objects.filter(pk=request.pk).update(approved_amount=request.recommended_amount - 1)


def test_finance_returns_with_a_reason_and_the_officer_sees_it(client_for, officer_a, bureau, finance, standards):
    request = factories.reviewed(officer_a, bureau)
    client = client_for(finance)
    response = client.post(
        reverse("budgets:request_return", args=[request.pk]), {"version": request.version, "reason": ""}
    )
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    client.post(
        reverse("budgets:request_return", args=[request.pk]), {"version": request.version, "reason": "单价过高"}
    )
    page = client_for(officer_a).get(reverse("budgets:request_detail", args=[request.pk])).content.decode()
    assert "已退回修改" in page and "单价过高" in page and "提交审核" in page


def test_the_second_approver_on_a_stale_page_gets_a_clear_message(
    client_for, officer_a, bureau, finance, finance2, standards
):
    request = factories.reviewed(officer_a, bureau)
    data = {"version": request.version, **_lines(request, "recommended_amount")}
    client_for(finance).post(reverse("budgets:request_approve", args=[request.pk]), data)
    response = client_for(finance2).post(reverse("budgets:request_approve", args=[request.pk]), data, follow=True)
    assert "已有其他人处理了该申请" in response.content.decode()
    request.refresh_from_db()
    assert request.approved_by == finance


def test_the_approver_who_submitted_is_warned_and_refused(client_for, officer_a, bureau, standards):
    from accounts.roles import Role

    request = factories.reviewed(officer_a, bureau)
    officer_a.role = Role.FINANCE
    officer_a.save()
    client = client_for(officer_a)
    page = client.get(reverse("budgets:request_detail", args=[request.pk])).content.decode()
    assert "须由财政局其他审核人员核定" in page
    data = {"version": request.version, **_lines(request, "recommended_amount")}
    response = client.post(reverse("budgets:request_approve", args=[request.pk]), data)
    assert response.status_code == 200 and "须由财政局其他审核人员核定" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.REVIEWED


def test_roles_that_may_not_decide_get_403(client_for, officer_a, bureau, finance, auditor, standards):
    request = factories.reviewed(officer_a, bureau)
    data = {"version": request.version, **_lines(request, "recommended_amount")}
    assert client_for(bureau).post(reverse("budgets:request_approve", args=[request.pk]), data).status_code == 403
    assert client_for(auditor).post(reverse("budgets:request_approve", args=[request.pk]), data).status_code == 403
    assert client_for(officer_a).post(reverse("budgets:request_approve", args=[request.pk]), data).status_code == 403
    assert client_for(finance).post(reverse("budgets:request_review", args=[request.pk]), data).status_code == 403
    assert (
        client_for(auditor)
        .post(reverse("budgets:request_return", args=[request.pk]), {"reason": "x", "version": 1})
        .status_code
        == 403
    )
