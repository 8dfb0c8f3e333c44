"""Who may see and do what in a re-selection's public half (README, "Scope rules").

- Notices: kept by the bureau staff of the jurisdiction whose area holds the round's unit (a unit's officers
  for a round of their own unit); read by auditors of that area; published ones are read by anyone through the
  public pages (`public_notices`).
- Applications, their documents and conflict declarations hold personal data: seen only by the applicant
  (their own), by the bureau (or unit) running the round — not by the bureaus above it —, and by the round's
  panel (a hook the panel module fills in: `register_panel_scope`). Auditors and finance approvers do not see
  them.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import policy
from accounts.policy import ADD, CHANGE, VIEW, Policy
from accounts.roles import Role

from .models import Application, ApplicationDocument, ConflictDeclaration, NoticePosition, SelectionNotice

# What an applicant does to their own application (write it, upload, declare, submit, withdraw): an action of
# its own, so that the bureau's CHANGE (its review) never lets staff write an applicant's application.
APPLY = "apply"
APPLICANT_ACTIONS = frozenset({VIEW, APPLY})
# The role a registration on the public pages gives.
APPLICANT_ROLE = Role.APPLICANT
NOTICE_OFFICER_ACTIONS = (VIEW, ADD, CHANGE)

# Each returns, for a signed-in user, a Q on Application rows they see as a panel member (None: none).
_panel_scopes: list[Callable[..., Q | None]] = []


def register_panel_scope(scope: Callable[..., Q | None]) -> None:
    """The panel module registers how a panel member reaches applications, e.g.
    `lambda user: Q(notice__panels__members__user=user)`; it is asked for every role but applicants."""
    _panel_scopes.append(scope)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_applicant(user) -> bool:
    return _signed_in(user) and not user.is_superuser and user.role == Role.APPLICANT


def is_applicant_account(user) -> bool:
    """An applicant's account, whether or not confirmed yet (registration and its confirmation link)."""
    return user.role == Role.APPLICANT and not user.is_superuser


def runners_of(notice: SelectionNotice) -> Q:
    """Accounts (a User filter) told about a notice's applications: the bureau running a government's
    selection, the unit's legal officers for a unit's own."""
    unit = notice.round.unit
    if unit.is_government:
        return policy.bureau_staff_of(unit.jurisdiction_id)
    return policy.officers_of([unit.pk])


def public_notices(queryset: QuerySet | None = None) -> QuerySet:
    """The notices anyone may read without signing in: published ones (never drafts)."""
    queryset = SelectionNotice.objects.all() if queryset is None else queryset
    return queryset.filter(state__in=SelectionNotice.PUBLIC_STATES, published_at__lte=timezone.now())


class ApplicationPolicy(Policy):
    """Applications (and, through `prefix`, the rows that belong to one)."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        super().__init__(
            unit_field=f"{prefix}notice__round__unit",
            officer_actions=(VIEW, CHANGE),
            bureau_actions=(VIEW, CHANGE),
            finance_actions=(),
            auditor_actions=(),
        )

    def _panel_condition(self, user) -> Q | None:
        if not _signed_in(user):
            return None  # a panel's scope is asked of signed-in accounts only
        condition = None
        for scope in _panel_scopes:
            found = scope(user)
            if found is not None:
                found = _prefixed(found, self.prefix)
                condition = found if condition is None else condition | found
        return condition

    def can(self, user, action, obj=None):
        if is_applicant(user):
            if action not in APPLICANT_ACTIONS:
                return False
            return self._reaches(user, obj)
        if action == VIEW and self._panel_condition(user) is not None:
            return self._reaches(user, obj)
        return super().can(user, action, obj)

    def _reaches(self, user, obj) -> bool:
        return obj is None or obj.pk is None or self.scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def scope(self, user, queryset, action=VIEW):
        if is_applicant(user):
            if action not in APPLICANT_ACTIONS:
                return queryset.none()
            return queryset.filter(**{f"{self.prefix}applicant": user})
        # A draft is the applicant's alone until submitted.
        queryset = queryset.exclude(**{f"{self.prefix}state": Application.State.DRAFT})
        running = super().scope(user, queryset, action)
        if _signed_in(user) and user.role == Role.BUREAU:
            # Personal data: the bureau running the round only, not the bureaus above it that supervise its area.
            running = running.filter(**{f"{self.prefix}notice__round__unit__jurisdiction": user.jurisdiction})
        panel = self._panel_condition(user) if action == VIEW else None
        if panel is None:
            return running
        if Policy.can(self, user, VIEW):
            return queryset.filter(Q(pk__in=running.values("pk")) | panel)
        return queryset.filter(panel)


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition asked from a row that reaches the application through `prefix`."""
    if not prefix:
        return condition
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


policy.register(
    SelectionNotice,
    Policy(unit_field="round__unit", officer_actions=NOTICE_OFFICER_ACTIONS, finance_actions=()),
)
policy.register(
    NoticePosition,
    Policy(unit_field="notice__round__unit", officer_actions=NOTICE_OFFICER_ACTIONS, finance_actions=()),
)
policy.register(Application, ApplicationPolicy())
policy.register(ApplicationDocument, ApplicationPolicy(prefix="application__"))
policy.register(ConflictDeclaration, ApplicationPolicy(prefix="application__"))
