"""System check: every model of ours, and every model in the admin, has a permission policy."""

from django.apps import apps
from django.contrib import admin
from django.core.checks import Error, register

from .policy import registered_models

PROJECT_APPS = (
    "accounts",
    "audit",
    "figures",
    "ui",
    "operations",
    "advisers",
    "contracts",
    "budgets",
    "reviews",
    "reports",
    "selection",
    "perf",
)


@register()
def every_model_has_a_policy(app_configs=None, **kwargs):
    models = {m for label in PROJECT_APPS if (c := apps.get_app_config(label)) for m in c.get_models()}
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
