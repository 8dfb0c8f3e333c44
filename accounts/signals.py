from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .audit import record_event


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event(actor=user, event="login")


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    record_event(actor=None, event="login_failed", username=str(credentials.get("username", ""))[:150])
