"""A small limit on registrations per client address and per email address, counted in the shared cache.

django-axes throttles sign-ins per account; registrations create accounts (and send email), so they are
limited before any account exists: by where they come from and by the address they name."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
PER_IP = 10
PER_EMAIL = 3


def _hit(scope: str, value: str, limit: int) -> bool:
    """Count one try; True while within `limit` tries in the window (which starts at the first try)."""
    key = "throttle:" + scope + ":" + hashlib.sha256(value.encode()).hexdigest()
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between the two calls
        cache.add(key, 1, WINDOW_SECONDS)
        return True


def registration_allowed(*, ip: str | None, email: str) -> bool:
    # Both counted on every try, so that rotating one of them does not reset the other.
    by_ip = _hit("register-ip", ip or "-", PER_IP)
    by_email = _hit("register-email", email.strip().lower(), PER_EMAIL)
    return by_ip and by_email


OBJECTIONS_PER_IP = 5


def objection_allowed(*, ip: str | None) -> bool:
    """The public objection form of a 公示 (selection.panel): a few objections per client address an hour."""
    return _hit("objection-ip", ip or "-", OBJECTIONS_PER_IP)
