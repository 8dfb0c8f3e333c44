from django.db.models import Q

from accounts import policy
from accounts.policy import ADD, CHANGE, DELETE, EXPORT, VIEW, Policy, ReadByAllPolicy, own_adviser_id
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
# A unit's legal officers (and the bureau) send a submitted duty report back to its writer with a reason.
RETURN = "return"
# A unit's legal officers write and send up their own unit's work report (SUBMIT); they answer their unit's
# rectification items (ANSWER), which the bureau closes (CLOSE).
SUBMIT, ANSWER, CLOSE = "submit", "answer", "close"
# Bureau staff, auditors and officers export the PDF reports on assessments, inspections and work reports.
EXPORTS = {"officer_actions": (VIEW, EXPORT), "auditor_actions": (VIEW, EXPORT)}


class WorkReportPolicy(Policy):
    """Officers read their subtree's reports, write and submit only their own unit's, and review those sent
    to their unit. Bureau staff review the reports sent to a unit of their own jurisdiction: a county
    government's report goes to the city and is the city bureau's to review, not the county bureau's (which
    reviews its own county units' reports)."""

    def __init__(self):
        super().__init__(
            unit_field="unit",
            officer_actions=(VIEW, ADD, CHANGE, SUBMIT, REVIEW, EXPORT),
            bureau_actions=(VIEW, ADD, CHANGE, DELETE, REVIEW, EXPORT),
            auditor_actions=(VIEW, EXPORT),
        )

    def can(self, user, action, obj=None):
        allowed = super().can(user, action, obj)
        if not allowed or obj is None or user.is_superuser:
            return allowed
        if action == REVIEW and user.role == Role.BUREAU:
            return obj.recipient_id is not None and obj.recipient.jurisdiction_id == user.jurisdiction.pk
        if user.role != Role.OFFICER:
            return allowed
        if action == REVIEW:
            return obj.recipient_id == user.unit_id
        if action in (ADD, CHANGE, DELETE, SUBMIT):
            return obj.unit_id == user.unit_id
        return allowed


class RectificationPolicy(Policy):
    """The inspected unit's officers answer its items; the bureau closes them (CHANGE: the admin)."""

    def __init__(self):
        super().__init__(
            unit_field="inspection__unit",
            officer_actions=(VIEW, CHANGE, ANSWER),
            bureau_actions=(VIEW, ADD, CHANGE, DELETE, CLOSE),
        )


class AssessmentPolicy(Policy):
    """An adviser reads its own assessment once the unit has completed it: a draft (scores being entered) is
    the unit's working paper. `assessment` is the lookup from the policy's model to the assessment."""

    def __init__(self, *, assessment: str = "", **kwargs):
        super().__init__(**kwargs)
        self.status_field = f"{assessment}__status" if assessment else "status"

    def results_only(self, user) -> Q:
        """The rows of this model `user` may read among those its scope holds (a filter, Q() for all)."""
        if own_adviser_id(user) is None:
            return Q()
        return Q(**{self.status_field: Assessment.Status.COMPLETED})

    def scope(self, user, queryset, action=VIEW):
        return super().scope(user, queryset, action).filter(self.results_only(user))


class ReminderLogPolicy(Policy):
    """The log is written by the sweep only; the bureau and auditors read it."""

    def __init__(self):
        super().__init__(unit_field=None, bureau_actions=(VIEW,), finance_actions=())


report_rows = {"officer_actions": (VIEW, ADD, CHANGE), "adviser_actions": (VIEW, ADD, CHANGE)}
policy.register(
    DutyReport,
    Policy(
        unit_field="engagement__unit",
        adviser_field="engagement__adviser",
        officer_actions=(VIEW, ADD, CHANGE, RETURN),
        adviser_actions=(VIEW, ADD, CHANGE),
        bureau_actions=(VIEW, ADD, CHANGE, DELETE, RETURN),
    ),
)
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
    AssessmentPolicy(
        unit_field="engagement__unit",
        adviser_field="engagement__adviser",
        officer_actions=(VIEW, ADD, CHANGE, EXPORT),
        bureau_actions=(VIEW, ADD, CHANGE, DELETE, EXPORT),
        auditor_actions=(VIEW, EXPORT),
    ),
)
policy.register(
    AssessmentScore,
    AssessmentPolicy(
        assessment="assessment",
        unit_field="assessment__engagement__unit",
        adviser_field="assessment__engagement__adviser",
        officer_actions=(VIEW, ADD, CHANGE),
    ),
)
policy.register(UnitWorkReport, WorkReportPolicy())
policy.register(InspectionCampaign, Policy(unit_field=None, jurisdiction_field="jurisdiction"))
policy.register(
    UnitInspection,
    Policy(unit_field="unit", bureau_actions=(VIEW, ADD, CHANGE, DELETE, EXPORT), **EXPORTS),
)
policy.register(RectificationItem, RectificationPolicy())
policy.register(ReminderLog, ReminderLogPolicy())


# The reminder schedule (Celery beat's database tables): bureau staff edit it, auditors read it.
def _register_beat_policies():
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    schedule_policy = Policy(unit_field=None, finance_actions=(), bureau_actions=(VIEW, ADD, CHANGE))
    for model in (PeriodicTask, CrontabSchedule, IntervalSchedule, ClockedSchedule, SolarSchedule):
        policy.register(model, schedule_policy)


_register_beat_policies()
