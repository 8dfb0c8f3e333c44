"""The fee-budget items of the portal home (accounts.todo)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.policy import policy_for
from accounts.todo import Item, register

from .models import BudgetRequest, Settlement
from .policies import APPROVE, CONFIRM, REVIEW, SUBMIT
from .selectors import approval_queue, budget_request_list, review_queue, settlement_list

Status = BudgetRequest.Status


def register_items() -> None:
    for status, label, order in (
        (Status.RETURNED, _("Budget requests returned to you"), 200),
        (Status.DRAFT, _("Budget requests in draft"), 210),
    ):
        register(
            Item(
                key=f"budgets:{status}",
                label=label,
                allowed=lambda user: policy_for(BudgetRequest).can(user, SUBMIT),
                count=lambda user, today, status=status: budget_request_list(user=user, status=status).count(),
                url=lambda today, status=status: reverse("budgets:requests") + f"?status={status}",
                order=order,
            )
        )
    register(
        Item(
            key="budgets:review",
            label=_("Budget requests to review"),
            allowed=lambda user: policy_for(BudgetRequest).can(user, REVIEW),
            count=lambda user, today: review_queue(user=user).count(),
            url=lambda today: reverse("budgets:review_queue"),
            order=200,
        )
    )
    register(
        Item(
            key="budgets:approve",
            label=_("Budget requests to approve"),
            allowed=lambda user: policy_for(BudgetRequest).can(user, APPROVE),
            count=lambda user, today: approval_queue(user=user).count(),
            url=lambda today: reverse("budgets:approval_queue"),
            order=200,
        )
    )
    register(
        Item(
            key="budgets:confirm",
            label=_("Settlements to confirm"),
            allowed=lambda user: policy_for(Settlement).can(user, CONFIRM),
            count=lambda user, today: settlement_list(user=user, status=Settlement.Status.PREPARED).count(),
            url=lambda today: reverse("budgets:settlements") + f"?status={Settlement.Status.PREPARED}",
            order=220,
        )
    )
