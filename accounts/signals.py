import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .audit import record_event
from .models import Notice
from .security import client_ip
from .services import forget_unread_count


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


@receiver([post_save, post_delete], sender=Notice)
def forget_unread_badge(sender, instance, **kwargs):
    forget_unread_count(instance.recipient_id)
