from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .models import Notice, Unit
from .policy import CHANGE, VIEW, get_for, home_unit_id, policy_for, visible


@require_GET
@login_required
def home(request):
    return render(request, "portal/home.html", {"admin_card": _admin_card(request.user)})


def _admin_card(user) -> str | None:
    """What the admin holds for this user, as the policies say: their unit's records, records to read
    only, or the registry to keep."""
    if not user.uses_admin:
        return None
    if home_unit_id(user):
        return "unit"
    units = policy_for(Unit)
    if units.can(user, VIEW) and not units.can(user, CHANGE):
        return "read"
    return "registry"


@require_GET
@login_required
def notices(request):
    page = Paginator(visible(request.user, Notice).order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "portal/notices.html", {"page": page})


@require_POST
@login_required
def notice_read(request, pk: int):
    notice = get_for(request.user, Notice, pk=pk)
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    return JsonResponse({"ok": True})


@never_cache
@require_GET
def healthz(request):
    """200 when the database (and the broker, when one is configured) answers; 503 otherwise."""
    from django.conf import settings

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy, whatever its kind
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
