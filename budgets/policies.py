from accounts import policy
from accounts.policy import ADD, CHANGE, EXPORT, VIEW, Policy, ReadByAllPolicy

from .models import BudgetEvent, BudgetLine, BudgetRequest, FeeStandard, GradeCoefficient, Settlement

SUBMIT, REVIEW, APPROVE, RETURN = "submit", "review", "approve", "return"
PREPARE, CONFIRM = "prepare", "confirm"


# Fee standards and coefficients: every signed-in user reads them (officers price their lines); each
# jurisdiction's bureau staff keep their own (a city bureau also its counties').
policy.register(FeeStandard, ReadByAllPolicy(jurisdiction_field="jurisdiction"))
policy.register(GradeCoefficient, ReadByAllPolicy(jurisdiction_field="jurisdiction"))
# Officers write their unit's requests; the bureau reviews; finance approves. Either checker may return
# from the step they hold: the reviewer (REVIEW) from submitted, the approver (APPROVE) from reviewed
# (budgets.services). Everyone who reads the requests exports the fee summary (PDF).
policy.register(
    BudgetRequest,
    Policy(
        unit_field="unit",
        officer_actions=(VIEW, ADD, CHANGE, SUBMIT, EXPORT),
        bureau_actions=(VIEW, REVIEW, RETURN, EXPORT),
        finance_actions=(VIEW, APPROVE, RETURN, EXPORT),
        auditor_actions=(VIEW, EXPORT),
    ),
)
policy.register(BudgetLine, Policy(unit_field="request__unit", bureau_actions=(VIEW,)))
policy.register(BudgetEvent, Policy(unit_field="request__unit", bureau_actions=(VIEW,)))
# Whoever reads the settlements exports a unit's settlement sheet for a year (PDF).
policy.register(
    Settlement,
    Policy(
        unit_field="unit",
        adviser_field="engagement__adviser",  # an adviser reads its own settlements
        officer_actions=(VIEW, PREPARE, EXPORT),
        bureau_actions=(VIEW, PREPARE, EXPORT),
        finance_actions=(VIEW, CONFIRM, EXPORT),
        auditor_actions=(VIEW, EXPORT),
    ),
)
