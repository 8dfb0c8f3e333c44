from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "advisers"
    verbose_name = _("Advisers and duty records")

    def ready(self):
        from . import policies  # noqa: F401
