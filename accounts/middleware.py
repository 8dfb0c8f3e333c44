"""Request-wide security: headers, the TOTP step, audited refusals, trustworthy client addresses."""

from __future__ import annotations

from urllib.parse import urlencode

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from audit.trail import record_event

from .security import client_ip


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django 5.2 has no CSP of its own)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = "; ".join(f"{name} {' '.join(values)}" for name, values in settings.CONTENT_SECURITY_POLICY.items())
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


# Pages an account that still owes its second factor may reach.
TWO_FACTOR_EXEMPT = {
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_setup",
    "healthz",
    "set_language",
    "admin:logout",
}


class TwoFactorRequiredMiddleware:
    """After the password, bureau staff, administrators and superusers must pass TOTP before anything else.

    Applies to the portal and the admin alike (the admin login is a password step like ours). Accounts
    without a confirmed device are sent to set one up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.requires_two_factor) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in TWO_FACTOR_EXEMPT:
            return None
        from django_otp.plugins.otp_totp.models import TOTPDevice

        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse("two_factor_verify" if has_device else "two_factor_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class ResolvedUserMiddleware:
    """`request.user` as the user itself, not the lazy objects django.contrib.auth and django_otp wrap it in, one
    inside the other: every attribute read went through both, and a page reads the user hundreds of times (menus,
    policies, the admin's app list: 370,000 reads for one role's 772 pages of the permission matrix). Every page
    but the health check needs the user anyway (and a request without a session cookie loads none). After
    OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        while isinstance(user, LazyObject):
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        request.user = user
        return self.get_response(request)


class RefusedAccessAuditMiddleware:
    """Every 403 and 404 answered to a signed-in user goes into the audit trail.

    Runs outside the view's transaction (ATOMIC_REQUESTS wraps the view only), so the row stays even
    though the refused request's own writes were rolled back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code in (403, 404) and user is not None and user.is_authenticated:
            record_event(
                actor=user,
                event="access_refused",
                status=response.status_code,
                method=request.method,
                path=request.get_full_path()[:500],
                remote_addr=client_ip(request),
            )
        return response


class TrustedAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog, but the address recorded is the one our proxies vouch for, not a forged header."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


class IdleTimeoutMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request.

    The last-activity stamp is refreshed at most once a minute, so a busy user does not cost a
    session write on every request (SESSION_SAVE_EVERY_REQUEST would).
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if "last_seen" not in request.session or now - last_seen >= self.REFRESH_SECONDS:
                request.session["last_seen"] = now
        return self.get_response(request)
