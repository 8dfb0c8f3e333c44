from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Legal-service fee budgets")

    def ready(self):
        from accounts.navigation import register
        from figures.aggregates import watch

        from .todo import register_items

        register_items()  # the portal home's 待办 (accounts.todo)
        from contracts.models import Rule
        from contracts.rules import register as register_rule

        from . import policies, receivers  # noqa: F401
        from .contract_rule import fee_above_budget
        from .models import BudgetLine, BudgetRequest, Settlement
        from .policies import APPROVE, REVIEW

        watch(BudgetRequest, BudgetLine, Settlement)  # read by the cached fee statistics and the dashboard

        register_rule(Rule.FEE_ABOVE_BUDGET, fee_above_budget)

        register(
            label=_("Fee budgets"),
            url_name="budgets:requests",
            group="fees",
            model=BudgetRequest,
            description=_("Request, review and approve legal-service fee budgets by workload."),
            order=300,
        )
        register(
            label=_("Review queue"),
            url_name="budgets:review_queue",
            group="fees",
            model=BudgetRequest,
            action=REVIEW,
            description=_("Budget requests awaiting the justice bureau's review."),
            order=310,
        )
        register(
            label=_("Approval queue"),
            url_name="budgets:approval_queue",
            group="fees",
            model=BudgetRequest,
            action=APPROVE,
            description=_("Reviewed budget requests awaiting the finance bureau's approval."),
            order=310,
        )
        register(
            label=_("Fee statistics"),
            url_name="budgets:statistics",
            group="statistics",
            model=BudgetRequest,
            description=_("Requested, approved and settled fees against the same period of the previous year."),
            order=320,
        )
        register(
            label=_("Settlements"),
            url_name="budgets:settlements",
            group="fees",
            model=Settlement,
            description=_("Pay for performance: approved amount × the coefficient of the assessment grade."),
            order=330,
        )
