from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Cached figures")

    def ready(self):
        from accounts.models import Jurisdiction, Unit

        from .aggregates import watch

        watch(Unit)  # unit names and paths: every per-unit figure and every officer's scope
        watch(Jurisdiction)  # names and parents: the dashboard's rows per sub-jurisdiction
