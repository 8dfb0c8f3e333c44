import sys

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from ui.listing import paginate

from .models import Notice, Unit
from .policy import (
    CHANGE,
    VIEW,
    follows_changes,
    get_for,
    home_unit_id,
    policy_for,
    require,
    visible,
)
from .services import notices_mark_read
from .todo import waiting_for


@require_GET
@login_required
def home(request):
    user = request.user
    return render(
        request,
        "portal/home.html",
        {
            "waiting": waiting_for(user),
            "admin_card": _admin_card(user),
            # Auditors follow what changed and what left the system.
            "latest_changes": (
                visible(user, LogEntry).select_related("actor", "content_type").order_by("-timestamp")[:10]
                if follows_changes(user)
                else None
            ),
        },
    )


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
    page = paginate(request, visible(request.user, Notice).order_by("-created_at", "-pk"))
    return render(request, "portal/notices.html", {"page": page})


@require_POST
@login_required
def notice_read(request, pk: int):
    notices_mark_read(actor=request.user, notice=get_for(request.user, Notice, pk=pk))
    return redirect("portal:notices")


@require_POST
@login_required
def notices_read_all(request):
    require(request.user, Notice, VIEW)
    notices_mark_read(actor=request.user)
    return redirect("portal:notices")


def server_error(request):
    """handler500. A lost database connection is the system being unavailable for a while (503, "try again
    later"), not a fault in the page. Django calls this inside its `except` block, so sys.exc_info() holds the
    exception, whether a view or a middleware (a session or user lookup) raised it. Neither page uses the
    context processors: they would ask the database again."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
