from celery import shared_task


@shared_task
def recompute_all_findings() -> int:
    """Re-run every rule on every contract (queued when bureau staff change the thresholds)."""
    from .services import findings_recompute_all

    return findings_recompute_all()
