from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and dashboard")

    def ready(self):
        from accounts.models import Jurisdiction
        from accounts.navigation import register
        from accounts.policy import OVERSEE

        from . import policies, registry, specs  # noqa: F401

        register(
            label=_("PDF reports"),
            url_name="reports:index",
            group="statistics",
            # Offered to whoever may export one of the reports (each spec asks its policy).
            allowed=lambda user: bool(registry.available_to(user)),
            description=_(
                "Export official PDF summaries: fees and savings, adviser performance, inspection letters, work reports."  # noqa: E501
            ),
            order=800,
        )
        register(
            label=_("Dashboard"),
            url_name="reports:dashboard",
            group="statistics",
            model=Jurisdiction,
            action=OVERSEE,
            description=_("The city at a glance: coverage, advisers, duty reports, fees, opinions and the inspection."),
            order=50,
        )
