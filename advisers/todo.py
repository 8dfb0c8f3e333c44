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


# One item per kind: each count opens the proposals list of that kind, which shows exactly those rows.
PROPOSAL_KINDS = (("opinions", LegalOpinion), ("lectures", Lecture))
PROPOSAL_ITEMS = (
    # key, who, state, label per kind, order
    (
        "advisers:proposals_to_confirm",
        CONFIRM,
        Confirmation.PROPOSED,
        {
            "opinions": _("Opinions proposed by advisers, to confirm"),
            "lectures": _("Lectures proposed by advisers, to confirm"),
        },
        120,
    ),
    (
        "advisers:proposals_waiting",
        PROPOSE,
        Confirmation.PROPOSED,
        {"opinions": _("Your opinions waiting for the unit"), "lectures": _("Your lectures waiting for the unit")},
        120,
    ),
    (
        "advisers:proposals_declined",
        PROPOSE,
        Confirmation.DECLINED,
        {"opinions": _("Your opinions declined"), "lectures": _("Your lectures declined")},
        125,
    ),
)


def _register_proposals() -> None:
    for key, action, state, labels, order in PROPOSAL_ITEMS:
        for kind, model in PROPOSAL_KINDS:
            register(
                Item(
                    key=f"{key}:{kind}",
                    label=labels[kind],
                    allowed=lambda user, model=model, action=action: policy_for(model).can(user, action),
                    count=lambda user, today, model=model, state=state: proposals_for(user, model, state=state).count(),
                    url=lambda today, kind=kind, state=state: (
                        reverse("advisers:proposals") + f"?kind={kind}&state={state}"
                    ),
                    order=order,
                )
            )


def register_items() -> None:
    _register_proposals()
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
