from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users, units and audit")

    def ready(self):
        from . import audit_chain, checks, policies, signals  # noqa: F401
        from .aggregates import watch
        from .models import Jurisdiction, Notice, Unit
        from .navigation import register

        watch(Unit)  # unit names and paths: every per-unit figure and every officer's scope
        watch(Jurisdiction)  # names and parents: the dashboard's rows per sub-jurisdiction

        register(
            label=_("Notices"),
            url_name="portal:notices",
            group="system",
            model=Notice,
            description=_("Reminders and messages addressed to you."),
            order=900,
        )
