from auditlog.models import LogEntry

from . import policy
from .models import Notice, Unit, User
from .policy import VIEW, Policy


class UnitPolicy(Policy):
    """Units are scoped on themselves; finance approvers read them all."""

    def __init__(self):
        super().__init__(unit_field="")


class AuditLogPolicy(Policy):
    """Bureau staff and auditors read the trail; nobody writes it through the application."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,), finance_actions=())

    def scope(self, user, queryset):
        if user and user.is_authenticated and user.is_active and user.reads_citywide:
            return queryset
        return queryset.none()


class NoticePolicy(Policy):
    """Each user sees only their own notices."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,))

    def can(self, user, action, obj=None):
        if not (user and user.is_authenticated and user.is_active) or action != VIEW:
            return False
        return obj is None or obj.recipient_id == user.pk

    def scope(self, user, queryset):
        if not (user and user.is_authenticated):
            return queryset.none()
        return queryset.filter(recipient=user)


policy.register(Unit, UnitPolicy())
policy.register(User, Policy(unit_field="unit", finance_actions=()))
policy.register(LogEntry, AuditLogPolicy())
policy.register(Notice, NoticePolicy())
