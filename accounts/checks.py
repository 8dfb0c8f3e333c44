"""System checks: every model of ours, and every model in the admin, has a permission policy; the audit
chain's hash is available."""

from django.apps import apps
from django.contrib import admin
from django.core.checks import Error, register

from .audit_chain import HASH_NAME, hash_available
from .policy import registered_models

PROJECT_APPS = ("accounts", "advisers", "contracts", "budgets", "reviews", "reports", "selection", "perf")


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


@register()
def audit_chain_hash_available(app_configs=None, **kwargs):
    if hash_available():
        return []
    return [
        Error(
            f"hashlib has no {HASH_NAME} (the audit chain's hash).",
            hint="Use a Python built with OpenSSL 3 (Debian 12's python3.11 is).",
            id="accounts.E002",
        )
    ]
