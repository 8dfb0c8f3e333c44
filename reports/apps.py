from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and dashboard")

    def ready(self):
        from accounts.navigation import register
        from accounts.roles import Role

        from . import policies, specs  # noqa: F401

        register(
            label=_("PDF reports"),
            url_name="reports:index",
            # Finance approvers: the fee summary only (reports/specs/budget_summary.py).
            roles={Role.BUREAU, Role.AUDITOR, Role.OFFICER, Role.FINANCE},
            description=_(
                "Export official PDF summaries: fees and savings, adviser performance, inspection letters, work reports."
            ),
            order=800,
        )
        register(
            label=_("Dashboard"),
            url_name="reports:dashboard",
            roles={Role.BUREAU, Role.AUDITOR},
            description=_("The city at a glance: coverage, advisers, duty reports, fees, opinions and the inspection."),
            order=50,
        )
