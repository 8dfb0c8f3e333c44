"""System check: every model of ours, and every model in the admin, has a permission policy."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.checks import Error, register

from .policy import registered_models


def project_app_configs():
    """The apps of this project: those in its folder, not the installed packages."""
    base = Path(settings.BASE_DIR)
    return [c for c in apps.get_app_configs() if base in Path(c.path).parents and ".venv" not in Path(c.path).parts]


@register()
def every_model_has_a_policy(app_configs=None, **kwargs):
    models = {m for config in project_app_configs() for m in config.get_models()}
    models |= set(admin.site._registry)
    covered = set(registered_models())
    return [
        Error(
            f"{model._meta.label} has no permission policy.",
            hint="Register one in the app's policies.py (accounts.policy.register).",
            obj=model,
            id="accounts.E001",
        )
        for model in sorted(models - covered, key=lambda m: m._meta.label)
        if not model._meta.abstract and not model._meta.proxy
    ]
