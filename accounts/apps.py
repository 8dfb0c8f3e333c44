from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users, units and access")

    def ready(self):
        from . import checks, policies, signals  # noqa: F401
        from .models import Notice
        from .navigation import register

        register(
            label=_("Notices"),
            url_name="portal:notices",
            group="system",
            model=Notice,
            description=_("Reminders and messages addressed to you."),
            order=900,
        )
