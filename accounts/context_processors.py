from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import menus_for
from .services import unread_notice_count


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_menus": menus_for(user, request.path) if signed_in else [],
        # Lazy: only pages that show the header's badge read it (loaded with the user).
        "unread_notice_count": SimpleLazyObject(lambda: unread_notice_count(user)) if signed_in else 0,
        "site_title": settings.SITE_TITLE,
    }
