from accounts import policy
from accounts.policy import ADD, CHANGE, DELETE, VIEW, Policy, ReadByAllPolicy
from accounts.roles import Role

from .models import (
    Assessment,
    AssessmentCriterion,
    AssessmentScheme,
    AssessmentScore,
    DutyReport,
    DutyReportAttachment,
    InspectionCampaign,
    RectificationItem,
    ReminderLog,
    UnitInspection,
    UnitWorkReport,
    VetoItem,
)

REVIEW = "review"


class WorkReportPolicy(Policy):
    """Officers read their subtree's reports, write only their own unit's, and review those sent to their unit.
    Bureau staff review the reports sent to a unit of their own jurisdiction: a county government's report
    goes to the city and is the city bureau's to review, not the county bureau's (which reviews its own
    county units' reports)."""

    def __init__(self):
        super().__init__(
            unit_field="unit",
            officer_actions=(VIEW, ADD, CHANGE, REVIEW),
            bureau_actions=(VIEW, ADD, CHANGE, DELETE, REVIEW),
        )

    def can(self, user, action, obj=None):
        allowed = super().can(user, action, obj)
        if not allowed or obj is None or user.is_superuser:
            return allowed
        if action == REVIEW and user.role == Role.BUREAU:
            return obj.recipient_id is not None and obj.recipient.jurisdiction_id == user.jurisdiction.pk
        if not user.is_officer:
            return allowed
        if action == REVIEW:
            return obj.recipient_id == user.unit_id
        if action in (ADD, CHANGE, DELETE):
            return obj.unit_id == user.unit_id
        return allowed


class RectificationPolicy(Policy):
    """The inspected unit answers its items (change); the bureau closes them."""

    def __init__(self):
        super().__init__(unit_field="inspection__unit", officer_actions=(VIEW, CHANGE))


class ReminderLogPolicy(Policy):
    """The log is written by the sweep only; the bureau and auditors read it."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,), finance_actions=())


report_rows = {"officer_actions": (VIEW, ADD, CHANGE), "adviser_actions": (VIEW, ADD, CHANGE)}
policy.register(DutyReport, Policy(unit_field="engagement__unit", adviser_field="engagement__adviser", **report_rows))
policy.register(
    DutyReportAttachment,
    Policy(unit_field="report__engagement__unit", adviser_field="report__engagement__adviser", **report_rows),
)
# Each jurisdiction keeps its own schemes (a county without one uses its city's); everyone reads them.
policy.register(AssessmentScheme, ReadByAllPolicy(jurisdiction_field="jurisdiction"))
policy.register(AssessmentCriterion, ReadByAllPolicy(jurisdiction_field="scheme__jurisdiction"))
policy.register(VetoItem, ReadByAllPolicy())
policy.register(
    Assessment,
    Policy(unit_field="engagement__unit", adviser_field="engagement__adviser", officer_actions=(VIEW, ADD, CHANGE)),
)
policy.register(
    AssessmentScore,
    Policy(
        unit_field="assessment__engagement__unit",
        adviser_field="assessment__engagement__adviser",
        officer_actions=(VIEW, ADD, CHANGE),
    ),
)
policy.register(UnitWorkReport, WorkReportPolicy())
policy.register(InspectionCampaign, Policy(unit_field=None, jurisdiction_field="jurisdiction"))
policy.register(UnitInspection, Policy(unit_field="unit"))
policy.register(RectificationItem, RectificationPolicy())
policy.register(ReminderLog, ReminderLogPolicy())


# The reminder schedule (Celery beat's database tables): bureau staff edit it, auditors read it.
def _register_beat_policies():
    from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

    schedule_policy = Policy(unit_field=None, finance_actions=(), bureau_actions=(VIEW, ADD, CHANGE))
    for model in (PeriodicTask, CrontabSchedule, IntervalSchedule, ClockedSchedule, SolarSchedule):
        policy.register(model, schedule_policy)


_register_beat_policies()
