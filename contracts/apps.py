from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Service contracts")

    def ready(self):
        from accounts.navigation import register
        from accounts.roles import Role

        from accounts.aggregates import watch

        from . import models, policies, receivers, rules  # noqa: F401

        watch(models.ContractFinding)  # open findings per sub-jurisdiction on the dashboard (accounts.aggregates)

        readers = {Role.BUREAU, Role.OFFICER, Role.AUDITOR, Role.FINANCE}
        register(
            label=_("Service contracts"),
            url_name="contracts:list",
            roles=readers,
            description=_("Legal service contracts, their clauses, signed files and rule findings."),
            order=30,
        )
        register(
            label=_("Contract findings"),
            url_name="contracts:findings",
            roles={Role.BUREAU, Role.OFFICER, Role.AUDITOR},
            description=_("Open findings: missing clauses, procurement, term, selection and expiry problems."),
            order=31,
        )
