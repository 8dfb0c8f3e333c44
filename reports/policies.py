from accounts import policy
from accounts.policy import VIEW, Policy

from .models import ReportJob


class ReportJobPolicy(Policy):
    """A report job is its requester's alone."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,))

    def can(self, user, action, obj=None):
        if not (user and user.is_authenticated and user.is_active) or action != VIEW:
            return False
        return obj is None or obj.requested_by_id == user.pk

    def scope(self, user, queryset, action=VIEW):
        if not (user and user.is_authenticated and user.is_active):
            return queryset.none()
        return queryset.filter(requested_by=user)


policy.register(ReportJob, ReportJobPolicy())
