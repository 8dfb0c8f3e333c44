"""The engagement items of the portal home (accounts.todo)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.policy import ADD, VIEW, home_unit_id, policy_for
from accounts.todo import Item, register

from .models import AdviserSettings, Confirmation, ConflictFinding, Engagement, Lecture, LegalOpinion, ReselectionRound
from .policies import CONFIRM, DECIDE, PROPOSE
from .selectors import conflicts_waiting_for, engagements_for, idle_engagements, proposals_for, rounds_for


def _keeps_engagements(user) -> bool:
    """The unit's own legal officers watch its terms and the advisers it does not use."""
    return home_unit_id(user) is not None and policy_for(Engagement).can(user, VIEW)


def _ending(user, today) -> int:
    settings = AdviserSettings.for_jurisdiction(user.jurisdiction)
    return engagements_for(user, ending_days=settings.ending_days).count()


def _idle(user, today) -> int:
    settings = AdviserSettings.for_jurisdiction(user.jurisdiction)
    return idle_engagements(user, today=today, months=settings.idle_months).count()


def _proposals(user, state: str) -> int:
    """Opinions and lectures in one count query (the home page stays within its query budget)."""
    opinions, lectures = (proposals_for(user, m, state=state).order_by().values("pk") for m in (LegalOpinion, Lecture))
    return opinions.union(lectures, all=True).count()


def register_items() -> None:
    register(
        Item(
            key="advisers:proposals_to_confirm",
            label=_("Duty records proposed by advisers, to confirm"),
            allowed=lambda user: policy_for(LegalOpinion).can(user, CONFIRM),
            count=lambda user, today: _proposals(user, Confirmation.PROPOSED),
            url=lambda today: reverse("advisers:proposals") + f"?state={Confirmation.PROPOSED}",
            order=120,
        )
    )
    register(
        Item(
            key="advisers:proposals_waiting",
            label=_("Your proposals waiting for the unit"),
            allowed=lambda user: policy_for(LegalOpinion).can(user, PROPOSE),
            count=lambda user, today: _proposals(user, Confirmation.PROPOSED),
            url=lambda today: reverse("advisers:proposals") + f"?state={Confirmation.PROPOSED}",
            order=120,
        )
    )
    register(
        Item(
            key="advisers:proposals_declined",
            label=_("Your proposals declined"),
            allowed=lambda user: policy_for(LegalOpinion).can(user, PROPOSE),
            count=lambda user, today: _proposals(user, Confirmation.DECLINED),
            url=lambda today: reverse("advisers:proposals") + f"?state={Confirmation.DECLINED}",
            order=125,
        )
    )
    register(
        Item(
            key="advisers:ending",
            label=_("Terms ending soon"),
            allowed=_keeps_engagements,
            count=_ending,
            url=lambda today: reverse("advisers:engagements") + "?ending=1",
            order=500,
        )
    )
    register(
        Item(
            key="advisers:idle",
            label=_("Advisers hired but not used"),
            allowed=_keeps_engagements,
            count=_idle,
            url=lambda today: reverse("advisers:engagements") + "?idle=1",
            order=510,
        )
    )
    register(
        Item(
            key="advisers:rounds",
            label=_("Re-selection rounds in progress"),
            allowed=lambda user: home_unit_id(user) is None and policy_for(ReselectionRound).can(user, ADD),
            count=lambda user, today: rounds_for(user, status=ReselectionRound.Status.OPEN).count(),
            url=lambda today: reverse("advisers:rounds") + f"?status={ReselectionRound.Status.OPEN}",
            order=520,
        )
    )
    register(
        Item(
            key="advisers:conflicts",
            label=_("Conflict findings waiting for your decision"),
            allowed=lambda user: policy_for(ConflictFinding).can(user, DECIDE),
            count=lambda user, today: conflicts_waiting_for(user).count(),
            url=lambda today: reverse("advisers:conflicts") + "?waiting=1",
            order=530,
        )
    )
