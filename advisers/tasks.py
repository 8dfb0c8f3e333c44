from celery import shared_task


@shared_task
def expire_engagements() -> int:
    """Mark engagements whose term has ended as expired (schedule daily with Celery beat)."""
    from .services import engagements_expire

    return engagements_expire()
