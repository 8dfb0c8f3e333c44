from accounts import policy
from accounts.policy import ADD, CHANGE, VIEW, Policy
from accounts.roles import Role

from .models import Adviser, Engagement, ExecutiveMeeting, Lecture, LegalOpinion, MeetingAttendance


class AdviserPolicy(Policy):
    """An officer sees the advisers their unit (or a sub-unit) engages; an adviser sees themself."""

    def __init__(self):
        super().__init__(unit_field="engagements__unit", adviser_field="pk")

    def scope(self, user, queryset):
        if user and user.is_authenticated and user.is_active and user.role == Role.OFFICER and not user.is_superuser:
            if not user.unit_id:
                return queryset.none()
            engaged = Engagement.objects.filter(unit__path__startswith=user.unit.path).values("adviser_id")
            return queryset.filter(pk__in=engaged)
        return super().scope(user, queryset)


policy.register(Adviser, AdviserPolicy())
policy.register(Engagement, Policy(unit_field="unit", adviser_field="adviser"))
policy.register(ExecutiveMeeting, Policy(unit_field=None))
policy.register(MeetingAttendance, Policy(unit_field=None, adviser_field="adviser"))
policy.register(
    LegalOpinion, Policy(unit_field="unit", adviser_field="adviser", officer_actions=(VIEW, ADD, CHANGE))
)
policy.register(Lecture, Policy(unit_field="unit", adviser_field="speaker", officer_actions=(VIEW, ADD, CHANGE)))
