from celery import shared_task

from .services import engagements_expire


@shared_task
def expire_engagements() -> int:
    """Mark engagements whose term has ended as expired (schedule daily with Celery beat)."""
    return engagements_expire()
