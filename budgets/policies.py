from accounts import policy
from accounts.policy import ADD, CHANGE, VIEW, Policy

from .models import BudgetEvent, BudgetLine, BudgetRequest, FeeStandard, GradeCoefficient, Settlement

SUBMIT, REVIEW, APPROVE, RETURN = "submit", "review", "approve", "return"
PREPARE, CONFIRM = "prepare", "confirm"


class ReferenceTablePolicy(Policy):
    """Fee standards and coefficients: every signed-in user reads them (officers price their lines),
    bureau staff keep them."""

    def __init__(self):
        super().__init__(unit_field=None, finance_actions=(VIEW,))

    def can(self, user, action, obj=None):
        if action == VIEW:
            return bool(user and user.is_authenticated and user.is_active)
        return super().can(user, action, obj)

    def scope(self, user, queryset):
        if user and user.is_authenticated and user.is_active:
            return queryset
        return queryset.none()


policy.register(FeeStandard, ReferenceTablePolicy())
policy.register(GradeCoefficient, ReferenceTablePolicy())
# Officers write their unit's requests; the bureau reviews; finance approves. Either checker may return
# (the services decide which status each may return from). Auditors only read (Policy's default).
policy.register(
    BudgetRequest,
    Policy(
        unit_field="unit",
        officer_actions=(VIEW, ADD, CHANGE, SUBMIT),
        bureau_actions=(VIEW, REVIEW, RETURN),
        finance_actions=(VIEW, APPROVE, RETURN),
    ),
)
policy.register(BudgetLine, Policy(unit_field="request__unit", bureau_actions=(VIEW,)))
policy.register(BudgetEvent, Policy(unit_field="request__unit", bureau_actions=(VIEW,)))
policy.register(
    Settlement,
    Policy(
        unit_field="unit",
        officer_actions=(VIEW, PREPARE),
        bureau_actions=(VIEW, PREPARE),
        finance_actions=(VIEW, CONFIRM),
    ),
)
