import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.trail import record_event

from .security import client_ip


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event(actor=user, event="login", remote_addr=client_ip(request) if request is not None else None)
    if request is not None and hasattr(request, "session"):
        # Starts the idle clock (accounts.middleware.IdleTimeoutMiddleware) with the login's own session write.
        request.session["last_seen"] = int(time.time())


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    record_event(
        actor=None,
        event="login_failed",
        username=str(credentials.get("username", ""))[:150],
        remote_addr=client_ip(request) if request is not None else None,
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    record_event(actor=None, event="lockout", username=str(username or "")[:150], remote_addr=ip_address)
