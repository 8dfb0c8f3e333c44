from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerfConfig(AppConfig):
    """Province-scale data generator, benchmark and load test; no models of its own."""

    name = "perf"
    verbose_name = _("Performance")
