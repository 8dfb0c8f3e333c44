from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users, units and audit")

    def ready(self):
        from . import policies, signals  # noqa: F401
        from .navigation import register
        from .roles import Role

        register(
            label=_("Notices"),
            url_name="portal:notices",
            roles=set(Role),
            description=_("Reminders and messages addressed to you."),
            order=900,
        )
