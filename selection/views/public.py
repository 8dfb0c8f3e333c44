"""The pages anyone may read without signing in: the notices on the public pages, no personal data."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ui.listing import paginate

from ..selectors import public_notice, public_notice_rows
from ..services import window_state


@require_GET
def notice_list(request):
    return render(request, "selection/public_list.html", {"page": paginate(request, public_notice_rows())})


@require_GET
def notice_detail(request, pk: int):
    notice = public_notice(pk)
    if notice is None:
        raise Http404
    return render(request, "selection/public_detail.html", {"notice": notice, "window": window_state(notice)})
