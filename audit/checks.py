"""System check: the audit chain's hash is available."""

from django.core.checks import Error, register

from .chain import HASH_NAME, hash_available


@register()
def audit_chain_hash_available(app_configs=None, **kwargs):
    if hash_available():
        return []
    return [
        Error(
            f"hashlib has no {HASH_NAME} (the audit chain's hash).",
            hint="Use a Python built with OpenSSL 3 (Debian 12's python3.11 is).",
            id="audit.E001",
        )
    ]
