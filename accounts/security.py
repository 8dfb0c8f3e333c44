"""Who is at the other end of a request, as far as we can trust it."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the address our own proxies saw when TRUSTED_PROXY_COUNT is set.

    X-Forwarded-For is a list the client can start with anything it likes; only the entries appended by
    the N proxies we run are trustworthy, so we take the N-th entry from the right and ignore the rest.
    It is recorded with failed logins and never decides a lockout (AXES_LOCKOUT_PARAMETERS = username).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): in Chinese, status 429."""
    from django.shortcuts import render

    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": int(cooloff.total_seconds() // 60)},
        status=429,
    )
