"""One permission policy per model: the only place that decides who may do what to which rows.

Each policy answers three questions (after Wagtail): may this user do `action` at all
(`can(user, action)`), may they do it to this object (`can(user, action, obj)`), and which rows may
they see (`scope(user, queryset)`). Views, the admin, exports and PDFs ask the policy; none invents
its own rule. Apps register a policy for each of their models in `policies.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .roles import ADMIN_ROLES, AUDIT_READERS, TWO_FACTOR_ROLES, Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
# EXPORT: take many rows out of the system at once (xlsx, PDF summaries). OVERSEE: read the figures of a
# whole jurisdiction's area (dashboard, reviews overview, county progress).
EXPORT, OVERSEE = "export", "oversee"
# Actions that read: they reach a jurisdiction's whole area (a province's writes stop at its own level).
READ_ACTIONS = frozenset({VIEW, EXPORT, OVERSEE})
# The roles that work for a jurisdiction (their unit's government) rather than for one unit.
JURISDICTION_ROLES = frozenset({Role.BUREAU, Role.AUDITOR, Role.FINANCE})
PROVINCE = "province"


class Policy:
    """Rows are owned by a unit reached through `unit_field` (a lookup path, "" for Unit itself), or by a
    jurisdiction reached through `jurisdiction_field`; a model with neither is installation-wide.

    Who sees which rows (README, "Scope rules"):
    - superusers: every action on every row;
    - bureau staff: `bureau_actions` in their jurisdiction's area (a city's area holds its counties);
      a province bureau reads every city but writes only its own jurisdiction's rows;
    - auditors: `auditor_actions` (reads only) in their jurisdiction's area, never write;
    - finance approvers: `finance_actions` on the rows of their own jurisdiction (not the levels below:
      each level's finance bureau approves its own budget units);
    - unit legal officers: their unit's subtree; `officer_actions` say what else;
    - advisers: rows whose `adviser_field` is their adviser, when the model has one.
    Installation-wide rows are read by bureau staff and auditors and written only by the staff of a
    top-level jurisdiction. `inherited=True` (settings a jurisdiction uses until it sets its own): the
    rows of the jurisdictions above are read too, never written.
    """

    def __init__(
        self,
        *,
        unit_field: str | None = "unit",
        jurisdiction_field: str | None = None,
        inherited: bool = False,
        adviser_field: str | None = None,
        officer_actions: Iterable[str] = (VIEW,),
        finance_actions: Iterable[str] = (VIEW,),
        adviser_actions: Iterable[str] = (VIEW,),
        bureau_actions: Iterable[str] = (VIEW, ADD, CHANGE, DELETE),
        auditor_actions: Iterable[str] = (VIEW,),
    ):
        if not READ_ACTIONS.issuperset(auditor_actions):
            raise ValueError("auditors only read")
        self.unit_field = unit_field
        self.jurisdiction_field = jurisdiction_field
        self.inherited = inherited
        self.adviser_field = adviser_field
        self.officer_actions = frozenset(officer_actions)
        self.finance_actions = frozenset(finance_actions)
        self.adviser_actions = frozenset(adviser_actions)
        self.bureau_actions = frozenset(bureau_actions)
        self.auditor_actions = frozenset(auditor_actions)

    # -- may the user do this at all -------------------------------------------------------------
    def can(self, user, action: str, obj: models.Model | None = None) -> bool:
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            allowed = action in self.bureau_actions
        elif user.role in JURISDICTION_ROLES and user.jurisdiction is None:
            allowed = False
        elif user.role == Role.BUREAU:
            allowed = action in self.bureau_actions and (
                action in READ_ACTIONS or self._owned() or user.jurisdiction.parent_id is None
            )
        elif user.role == Role.AUDITOR:
            allowed = action in self.auditor_actions
        elif user.role == Role.FINANCE:
            allowed = action in self.finance_actions
        elif user.role == Role.OFFICER:
            allowed = action in self.officer_actions and self.unit_field is not None and user.unit_id is not None
        elif user.role == Role.ADVISER:
            allowed = action in self.adviser_actions and self.adviser_field is not None and user.adviser_id is not None
        else:
            allowed = False
        if not allowed or obj is None or obj.pk is None:
            return allowed
        return self.scope(user, type(obj)._default_manager.filter(pk=obj.pk), action=action).exists()

    # -- which rows -------------------------------------------------------------------------------
    def scope(self, user, queryset: models.QuerySet, action: str = VIEW) -> models.QuerySet:
        """The rows this user may see (or, with a write action, may do that to)."""
        # A role that may not view this model at all sees no row of it: without this, finance approvers
        # could open an object their `finance_actions` exclude by its id.
        if not Policy.can(self, user, VIEW):
            return queryset.none()
        if user.is_superuser:
            return queryset
        if user.role in JURISDICTION_ROLES:
            condition = self._jurisdiction_condition(user, writes=action not in READ_ACTIONS, model=queryset.model)
            return queryset if condition is None else queryset.filter(condition)
        if user.role == Role.OFFICER and self.unit_field is not None and user.unit_id:
            prefix = f"{self.unit_field}__path__startswith" if self.unit_field else "path__startswith"
            return queryset.filter(**{prefix: user.unit.path})
        if user.role == Role.ADVISER and self.adviser_field and user.adviser_id:
            return queryset.filter(**{self.adviser_field: user.adviser_id})
        return queryset.none()

    def _owned(self) -> bool:
        return self.unit_field is not None or self.jurisdiction_field is not None

    def _jurisdiction_condition(self, user, *, writes: bool, model: type[models.Model] | None = None) -> Q | None:
        """Bureau staff, auditors and finance approvers: the rows of their jurisdiction (None: every row).

        `model` (the queryset's) lets an area that holds every unit drop the filter altogether where no row
        can lack an owner."""
        jurisdiction = user.jurisdiction
        if not self._owned():
            return None  # installation-wide rows (who may write them is decided in can())
        owner = self.jurisdiction_field if self.jurisdiction_field is not None else self.unit_field
        prefix = f"{owner}__" if owner else ""
        if self.jurisdiction_field is not None:
            own = Q(**{f"{prefix}pk": jurisdiction.pk})
        else:
            own = Q(**{f"{prefix}jurisdiction": jurisdiction.pk})
        if jurisdiction.holds_every_unit:
            # Every owned row is in the area: no join on the owner's path (a path prefix join then a sort of
            # the whole area cost the province 150-440 ms a list), so PostgreSQL walks the ordering index.
            area = Q(**{f"{owner}__isnull": False}) if owner and _may_be_null(model, owner) else None
        else:
            area = Q(**{f"{prefix}path__startswith": jurisdiction.path})
        above = [p for p in _path_prefixes(jurisdiction.path) if p != jurisdiction.path]
        if self.inherited and self.jurisdiction_field is not None and not writes and above:
            # Settings a jurisdiction inherits until it sets its own: the rows of those above are read too.
            own, area = own | Q(**{f"{prefix}path__in": above}), area | Q(**{f"{prefix}path__in": above})
        if user.role == Role.FINANCE:
            return own
        if writes and jurisdiction.level == PROVINCE:
            return own  # the province reads every city and manages its own level's units
        return area


def _may_be_null(model: type[models.Model] | None, lookup: str) -> bool:
    """Whether a row of `model` can lack what `lookup` (a chain of foreign keys) leads to: a nullable key
    or a reverse relation on the way. Without a model, assume it can."""
    for name in lookup.split("__"):
        if model is None:
            return True
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or not field.concrete or field.null:
            return True
        model = field.related_model
    return False


def _path_prefixes(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["".join(f"{part}/" for part in parts[: i + 1]) for i in range(len(parts))]


class ReadByAllPolicy(Policy):
    """Reference rows every signed-in user reads (officers price their lines with the fee standards);
    writes are decided as by Policy."""

    def __init__(self, **kwargs):
        kwargs.setdefault("unit_field", None)
        super().__init__(**kwargs)

    def can(self, user, action, obj=None):
        if action == VIEW:
            return bool(user and user.is_authenticated and user.is_active)
        return super().can(user, action, obj)

    def scope(self, user, queryset, action=VIEW):
        if action != VIEW:
            return super().scope(user, queryset, action)
        if user and user.is_authenticated and user.is_active:
            return queryset
        return queryset.none()


_POLICIES: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _POLICIES[model] = policy


def policy_for(model: type[models.Model]) -> Policy:
    try:
        return _POLICIES[model]
    except KeyError:
        raise LookupError(f"No permission policy is registered for {model.__name__}") from None


def registered_models() -> list[type[models.Model]]:
    return list(_POLICIES)


def visible(user, model_or_queryset) -> models.QuerySet:
    """The rows of a model (or queryset) that this user may see."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    return policy_for(queryset.model).scope(user, queryset)


def get_for(user, model_or_queryset, action: str = VIEW, **lookup) -> models.Model:
    """Load one object the user may see, or 404; then 403 if they may see it but not do `action`.

    Out-of-scope rows are a 404 so that a guessed id tells nothing about another unit.
    """
    queryset = visible(user, model_or_queryset)
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != VIEW and not policy_for(queryset.model).can(user, action, obj):
        raise PermissionDenied
    return obj


def require(user, model: type[models.Model], action: str) -> None:
    if not policy_for(model).can(user, action):
        raise PermissionDenied


# -- Questions about the account itself, asked outside any one model ----------------------------------


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def home_unit_id(user) -> int | None:
    """The unit whose records this account keeps: a legal officer's own unit (the default unit of their
    forms and reports, the unit whose work report they write). None for everyone else."""
    if _signed_in(user) and not user.is_superuser and user.role == Role.OFFICER:
        return user.unit_id
    return None


def own_adviser_id(user) -> int | None:
    """The adviser an adviser's account acts as; None for every other account."""
    if _signed_in(user) and not user.is_superuser and user.role == Role.ADVISER:
        return user.adviser_id
    return None


def uses_admin(user) -> bool:
    """Bureau staff, auditors, officers and the three administrators work in the Django admin."""
    return _signed_in(user) and (user.is_superuser or user.role in ADMIN_ROLES)


def reads_system_health(user) -> bool:
    """The system administrator (and superusers) run the installation: /healthz tells them which part is down."""
    return _signed_in(user) and (user.is_superuser or user.role == Role.SYSTEM_ADMIN)


def follows_changes(user) -> bool:
    """Auditors and the audit administrator watch the latest changes and exports on their home page."""
    return _signed_in(user) and not user.is_superuser and user.role in (Role.AUDITOR, Role.AUDIT_ADMIN)


def reads_audit_trail(user) -> bool:
    return _signed_in(user) and (user.is_superuser or user.role in AUDIT_READERS)


def requires_two_factor(user) -> bool:
    """Bureau staff, the three administrators and superusers pass a TOTP step after the password."""
    return user.is_superuser or user.role in TWO_FACTOR_ROLES


def scope_key(user) -> str:
    """What decides which rows this user reads, as a string: the same key, the same rows.

    The cached figures (figures.aggregates) are keyed on it, so it names everything `Policy.scope` reads:
    for jurisdiction roles the jurisdiction, its path and whether it is top-level (moving a county moves
    its area); for officers their unit and its path; for advisers their adviser.
    """
    if not _signed_in(user):
        return "none"
    if user.is_superuser:
        return "superuser"
    if user.role in JURISDICTION_ROLES:
        jurisdiction = user.jurisdiction
        if jurisdiction is None:
            return f"{user.role}:-"
        top = "top" if jurisdiction.parent_id is None else "below"
        return f"{user.role}:{jurisdiction.pk}:{jurisdiction.path}:{jurisdiction.level}:{top}"
    if user.role == Role.OFFICER:
        return f"{user.role}:{user.unit_id or ''}:{user.unit.path if user.unit_id else ''}"
    if user.role == Role.ADVISER:
        return f"{user.role}:{user.adviser_id or ''}"
    return user.role


# -- Who is told about which records (recipient selection is an access decision too) -----------------


def officers_of(unit_ids) -> Q:
    """Accounts (a User filter) told about these units' records: their legal officers."""
    return Q(role=Role.OFFICER, unit_id__in=unit_ids)


def advisers_among(adviser_ids) -> Q:
    """Accounts (a User filter) of these advisers."""
    return Q(role=Role.ADVISER, adviser_id__in=adviser_ids)


def bureau_staff() -> Q:
    """Accounts (a User filter) of justice bureau staff."""
    return Q(role=Role.BUREAU)


def bureau_staff_of(jurisdiction_id) -> Q:
    """Accounts (a User filter) of the justice bureau that acts on the records of a jurisdiction's units:
    its own staff (reviewing, closing), not those of the levels above that read them."""
    return Q(role=Role.BUREAU, unit__jurisdiction=jurisdiction_id)


def finance_staff_of(jurisdiction_id) -> Q:
    """Accounts (a User filter) of the finance approvers of a jurisdiction (each level approves its own units)."""
    return Q(role=Role.FINANCE, unit__jurisdiction=jurisdiction_id)
