from celery import shared_task

from .services import report_job_run


# Province-sized reports: hard time limits; the worker's max-memory-per-child recycles a process that grew.
@shared_task(soft_time_limit=540, time_limit=600, acks_late=False)
def render_report_job(job_id: str) -> str | None:
    job = report_job_run(job_id=job_id)
    return job.status if job else None
