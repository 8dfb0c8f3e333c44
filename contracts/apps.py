from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Service contracts")

    def ready(self):
        from accounts.navigation import register
        from figures.aggregates import watch

        from .todo import register_items

        register_items()  # the portal home's 待办 (accounts.todo)

        from . import policies, receivers, rules  # noqa: F401
        from .models import ContractFinding, ServiceContract

        watch(ContractFinding)  # open findings per sub-jurisdiction on the dashboard (figures.aggregates)

        register(
            label=_("Service contracts"),
            url_name="contracts:list",
            group="contracts",
            model=ServiceContract,
            description=_("Legal service contracts, their clauses, signed files and rule findings."),
            order=30,
        )
        register(
            label=_("Contract findings"),
            url_name="contracts:findings",
            group="contracts",
            model=ContractFinding,
            description=_("Open findings: missing clauses, procurement, term, selection and expiry problems."),
            order=31,
        )
