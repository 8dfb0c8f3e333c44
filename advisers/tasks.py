from celery import shared_task

from .services import conflicts_review_in_force, engagements_expire


@shared_task
def expire_engagements() -> int:
    """Mark engagements whose term has ended as expired (schedule daily with Celery beat)."""
    return engagements_expire()


@shared_task
def review_conflicts_yearly() -> int:
    """Check every engagement in force for conflicts of interest again (scheduled each January by Celery beat)."""
    return conflicts_review_in_force()
