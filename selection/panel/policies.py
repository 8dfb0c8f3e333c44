"""Who may see and do what in the panel's half of a selection (README, "Scope rules").

- The bureau (or the unit) running a round is whoever may change its notice: it reviews eligibility, sets up
  the panel, publishes the 公示, answers objections and decides the appointment (`runs`).
- Evaluators (outside experts with an evaluator account, or bureau staff) sit on panels: they see the eligible
  applications of their own panels only (the hook `register_panel_scope` of selection.policies), and their own
  score sheets only — never another evaluator's, so that each scores on their own.
- Score sheets are read by the running bureau and its auditors, written by their evaluator alone.
- Appointment letters: the running bureau and its auditors, the unit's officers, and the adviser appointed.
"""

from django.db.models import Q

from accounts import policy
from accounts.policy import ADD, CHANGE, VIEW, Policy
from accounts.roles import Role
from selection.models import (
    Application,
    AppointmentLetter,
    Criterion,
    Objection,
    Panel,
    PanelMember,
    Proposed,
    Score,
    ScoreChange,
    ScoreSheet,
    SelectionNotice,
)
from selection.policies import register_panel_scope

# Applications a panel scores: those that passed the eligibility review (and their outcome afterwards).
SCORED_STATES = (Application.State.ELIGIBLE, Application.State.SELECTED, Application.State.NOT_SELECTED)
PANEL_ROLES = (Role.EVALUATOR, Role.BUREAU)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_sit_on_panels(user) -> bool:
    """Evaluators and bureau staff may be put on a panel (superusers too, as everywhere)."""
    return _signed_in(user) and (user.is_superuser or user.role in PANEL_ROLES)


def panel_candidates() -> Q:
    """Accounts (a User filter) that may be put on a panel."""
    return Q(is_active=True, role__in=PANEL_ROLES)


def runs(user, notice: SelectionNotice) -> bool:
    """Whether this user runs the notice's selection: the bureau (or unit) that may change the notice."""
    return policy.policy_for(SelectionNotice).can(user, CHANGE, notice)


def applicant_of(application: Application) -> Q:
    """The account (a User filter) told about an application's review and outcome."""
    return Q(pk=application.applicant_id)


def _panel_applications(user) -> Q | None:
    if not may_sit_on_panels(user) or user.is_superuser:
        return None
    # A subquery, not a join through the panel's members: ORed with the running bureau's rows, a join would
    # repeat each application once per member.
    seated = SelectionNotice.objects.filter(panel__members__user=user).values("pk")
    return Q(notice__in=seated, state__in=SCORED_STATES)


register_panel_scope(_panel_applications)


class SeatedPolicy(Policy):
    """Rows of a running round (reached by `notice` from the row), which its panel's members also read."""

    def __init__(self, notice: str, *, panel_members: str | None, **kwargs):
        kwargs.setdefault("finance_actions", ())
        kwargs.setdefault("officer_actions", (VIEW, ADD, CHANGE))
        super().__init__(unit_field=f"{notice}round__unit", **kwargs)
        self.panel_members = panel_members

    def _seat(self, user) -> Q | None:
        if self.panel_members is None or not may_sit_on_panels(user) or user.is_superuser:
            return None
        return Q(**{self.panel_members: user})

    def can(self, user, action, obj=None):
        seat = self._seat(user)
        if action == VIEW and seat is not None and not Policy.can(self, user, VIEW):
            if obj is None or obj.pk is None:
                return True
            return type(obj)._default_manager.filter(seat, pk=obj.pk).exists()
        return super().can(user, action, obj)

    def scope(self, user, queryset, action=VIEW):
        running = super().scope(user, queryset, action)
        seat = self._seat(user) if action == VIEW else None
        if seat is None:
            return running
        if Policy.can(self, user, VIEW):
            return queryset.filter(Q(pk__in=running.values("pk")) | seat).distinct()
        return queryset.filter(seat).distinct()


class ScoreSheetPolicy(Policy):
    """A sheet (or a row of one, through `prefix`): written by its evaluator alone; read by them, by the running
    bureau (or unit) and by the area's auditors."""

    def __init__(self, prefix: str = ""):
        super().__init__(
            unit_field=f"{prefix}application__notice__round__unit",
            bureau_actions=(VIEW,),
            officer_actions=(VIEW,),
            finance_actions=(),
            auditor_actions=(VIEW,),
        )
        self.own = f"{prefix}member__user"

    def can(self, user, action, obj=None):
        if may_sit_on_panels(user) and action in (VIEW, ADD, CHANGE):
            if obj is None or obj.pk is None:
                return True
            return self.scope(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists()
        return super().can(user, action, obj)

    def scope(self, user, queryset, action=VIEW):
        own = Q(**{self.own: user}) if may_sit_on_panels(user) and not user.is_superuser else None
        if action != VIEW:
            if user and user.is_superuser:
                return queryset
            return queryset.filter(own) if own is not None else queryset.none()
        running = super().scope(user, queryset, action)
        if own is None:
            return running
        if Policy.can(self, user, VIEW):
            return queryset.filter(Q(pk__in=running.values("pk")) | own)
        return queryset.filter(own)


class LetterPolicy(Policy):
    """Letters: the running bureau (or unit) and its area's auditors, and the adviser appointed."""

    def __init__(self):
        super().__init__(
            unit_field="notice__round__unit",
            adviser_field="engagement__adviser",
            bureau_actions=(VIEW, ADD),
            officer_actions=(VIEW,),
            finance_actions=(),
            auditor_actions=(VIEW,),
        )


policy.register(Panel, SeatedPolicy("notice__", panel_members="members__user"))
policy.register(PanelMember, SeatedPolicy("panel__notice__", panel_members="panel__members__user"))
policy.register(Criterion, SeatedPolicy("panel__notice__", panel_members="panel__members__user"))
policy.register(ScoreSheet, ScoreSheetPolicy())
policy.register(Score, ScoreSheetPolicy(prefix="sheet__"))
policy.register(ScoreChange, ScoreSheetPolicy(prefix="sheet__"))
policy.register(Proposed, SeatedPolicy("notice__", panel_members=None, auditor_actions=(VIEW,)))
policy.register(Objection, SeatedPolicy("notice__", panel_members=None, auditor_actions=(VIEW,)))
policy.register(AppointmentLetter, LetterPolicy())
