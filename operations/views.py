"""The health check a load balancer asks (`/healthz`)."""

import redis
from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.policy import reads_system_health


# Outside ATOMIC_REQUESTS: the transaction it opens before the view would fail first, as a 500 page.
@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """200 when the database (and the broker, when one is configured) answers; 503 otherwise.

    Anyone (a load balancer) learns the overall status; which part failed only those the policy lets
    read the system's health, and only while the database answers (without it nobody can be recognised).
    """
    checks = {"database": _database_status()}
    if settings.REDIS_URL:
        checks["broker"] = _broker_status()
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error"}
    if checks["database"] == "ok" and reads_system_health(request.user):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means unhealthy, whatever its kind
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _broker_status() -> str:
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"
