from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditChainLink

from . import policy
from .models import Jurisdiction, Notice, PasswordHistory, SubmissionToken, Unit, User
from .policy import ADD, CHANGE, DELETE, EXPORT, OVERSEE, VIEW, Policy
from .roles import Role

# The system administrator sets an account's password (the security administrator grants its rights).
SET_PASSWORD = "set_password"


class UnitPolicy(Policy):
    """Units are scoped on themselves (finance approvers: their own jurisdiction's units, accounts.policy)."""

    def __init__(self):
        super().__init__(
            unit_field="", bureau_actions=(VIEW, ADD, CHANGE, DELETE, EXPORT), auditor_actions=(VIEW, EXPORT)
        )


class AuditLogPolicy(Policy):
    """Bureau staff, auditors and the audit administrator read the trail; nobody writes it through the app."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,), finance_actions=())

    def can(self, user, action, obj=None):
        return action == VIEW and policy.reads_audit_trail(user)

    def scope(self, user, queryset, action=VIEW):
        if not policy.reads_audit_trail(user):
            return queryset.none()
        if user.role in policy.JURISDICTION_ROLES and not user.is_superuser:
            # Bureau staff and auditors read what the accounts of their jurisdiction's area did; what the
            # system did by itself (tasks, data loads) only a top-level jurisdiction reads.
            jurisdiction = user.jurisdiction
            if jurisdiction is None:
                return queryset.none()
            condition = Q(actor__unit__path__startswith=jurisdiction.path)
            if jurisdiction.parent_id is None:
                condition |= Q(actor__isnull=True)
            return queryset.filter(condition)
        return queryset

    def digest_recipients(self, users):
        """Who gets the daily digest of the audit chain's head: the active audit administrators (三员分立)."""
        return users.filter(role=Role.AUDIT_ADMIN, is_active=True)


class UserPolicy(Policy):
    """Accounts under separation of duties (三员分立).

    The system administrator creates accounts (inactive) and keeps their identity data; the security
    administrator grants role, unit and activation; the audit administrator only reads the audit trail.
    Nobody administers their own account or a superuser's, and nobody deletes an account: audit rows
    name it, so accounts are deactivated instead. Setting someone's password is the system administrator's.
    """

    ADMINISTRATORS = {Role.SYSTEM_ADMIN: {VIEW, ADD, CHANGE, SET_PASSWORD}, Role.SECURITY_ADMIN: {VIEW, CHANGE}}
    IDENTITY_FIELDS = ("username", "first_name", "last_name", "email")
    AUTHORITY_FIELDS = ("role", "unit", "adviser", "is_active")
    NEVER_EDITABLE = ("is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined")
    # The fields of an existing account each administrator edits; everyone else edits none.
    EDITS = {Role.SYSTEM_ADMIN: IDENTITY_FIELDS, Role.SECURITY_ADMIN: AUTHORITY_FIELDS}

    def __init__(self):
        super().__init__(unit_field="unit", finance_actions=(), bureau_actions=(VIEW,))

    def can(self, user, action, obj=None):
        if not (user and user.is_authenticated and user.is_active) or action == DELETE:
            return False
        if user.is_superuser:
            return True
        if user.role not in self.ADMINISTRATORS:
            return super().can(user, action, obj)
        if action not in self.ADMINISTRATORS[user.role]:
            return False
        return not (action in (CHANGE, SET_PASSWORD) and obj is not None and (obj.is_superuser or obj.pk == user.pk))

    def readonly_fields(self, user, obj=None) -> list[str]:
        """The account fields this user may not edit on `obj` (None: a new account)."""
        if user.is_superuser:
            return ["last_login", "date_joined"]
        if obj is None:  # adding: the system administrator names the requested role and unit
            return []
        editable = self.EDITS.get(user.role, ())
        fields = self.NEVER_EDITABLE + self.IDENTITY_FIELDS + self.AUTHORITY_FIELDS
        return [name for name in fields if name not in editable]

    def scope(self, user, queryset, action=VIEW):
        if user and user.is_authenticated and user.is_active and user.role in self.ADMINISTRATORS:
            return queryset
        return super().scope(user, queryset)


class SecurityAdminPolicy(Policy):
    """Lockouts and second-factor devices: the security administrator (and superusers) view and clear them."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=())

    def can(self, user, action, obj=None):
        if not (user and user.is_authenticated and user.is_active):
            return False
        return action in (VIEW, DELETE) and (user.is_superuser or user.role == Role.SECURITY_ADMIN)

    def scope(self, user, queryset, action=VIEW):
        return queryset if self.can(user, VIEW) else queryset.none()


class NobodyPolicy(Policy):
    """Rows no one reads or writes through the application (password hashes)."""

    def can(self, user, action, obj=None):
        return False

    def scope(self, user, queryset, action=VIEW):
        return queryset.none()


class SuperuserOnlyPolicy(Policy):
    """Django's permission groups: roles decide here, so only a superuser ever opens them."""

    def can(self, user, action, obj=None):
        return bool(user and user.is_authenticated and user.is_active and user.is_superuser)

    def scope(self, user, queryset, action=VIEW):
        return queryset if self.can(user, action) else queryset.none()


class NoticePolicy(Policy):
    """Each user sees only their own notices."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,))

    def can(self, user, action, obj=None):
        if not (user and user.is_authenticated and user.is_active) or action != VIEW:
            return False
        return obj is None or obj.recipient_id == user.pk

    def scope(self, user, queryset, action=VIEW):
        if not (user and user.is_authenticated):
            return queryset.none()
        return queryset.filter(recipient=user)


policy.register(Unit, UnitPolicy())
# A jurisdiction is scoped on itself: its staff (and those above) read it and set its letterhead. Its bureau
# staff and auditors oversee its area's figures (dashboard, reviews overview).
policy.register(
    Jurisdiction,
    Policy(
        unit_field=None,
        jurisdiction_field="",
        bureau_actions=(VIEW, CHANGE, OVERSEE),
        auditor_actions=(VIEW, OVERSEE),
        finance_actions=(VIEW,),
    ),
)
policy.register(User, UserPolicy())
policy.register(LogEntry, AuditLogPolicy())
policy.register(Notice, NoticePolicy())
policy.register(AccessAttempt, SecurityAdminPolicy())
policy.register(TOTPDevice, SecurityAdminPolicy())
policy.register(PasswordHistory, NobodyPolicy(unit_field=None))
# Create-form tokens (accounts.once) are bookkeeping of the create services, not a page of their own.
policy.register(SubmissionToken, NobodyPolicy(unit_field=None))
policy.register(AuditChainLink, NobodyPolicy(unit_field=None))
policy.register(Group, SuperuserOnlyPolicy(unit_field=None))
