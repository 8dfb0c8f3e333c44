from celery import shared_task

from .services import audit_digest_send, notice_deliver


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def deliver_notice(self, notice_id: int) -> bool:
    try:
        return notice_deliver(notice_id=notice_id)
    except OSError as exc:  # SMTP unreachable: try again later
        raise self.retry(exc=exc) from exc


@shared_task
def send_audit_digest() -> str:
    return audit_digest_send()
