from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Adviser selection")

    def ready(self):
        from . import models, policies  # noqa: F401
        from .panel import policies as panel_policies  # noqa: F401
