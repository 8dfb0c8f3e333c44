"""The contract items of the portal home (accounts.todo)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.policy import VIEW, policy_for
from accounts.todo import Item, register

from .models import ContractFinding
from .selectors import open_findings_for


def register_items() -> None:
    register(
        Item(
            key="contracts:findings",
            label=_("Open contract findings"),
            allowed=lambda user: policy_for(ContractFinding).can(user, VIEW),
            count=lambda user, today: open_findings_for(user).count(),
            url=lambda today: reverse("contracts:findings"),
            order=400,
        )
    )
