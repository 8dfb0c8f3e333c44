"""The signed-in user is loaded with their unit and its jurisdiction (every policy decision needs them) and
the count of their unread notices (the header shows it), in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Jurisdiction, Notice


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        other_top_levels = Jurisdiction.objects.filter(parent__isnull=True).exclude(pk=OuterRef("unit__jurisdiction"))
        unread = (
            Notice.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .values("recipient")
            .annotate(n=Count("pk"))
            .values("n")
        )
        try:
            user = (
                model._default_manager.select_related("unit__jurisdiction")
                .annotate(
                    other_top_levels=Exists(other_top_levels),
                    # The header's unread badge, in the same query (accounts.services.unread_notice_count).
                    unread_notices=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
                )
                .get(pk=user_id)
            )
        except model.DoesNotExist:
            return None
        if user.jurisdiction is not None:
            # Answered by the same query, so the policy asks nothing more on each request.
            jurisdiction = user.jurisdiction
            jurisdiction.holds_every_unit = jurisdiction.parent_id is None and not user.other_top_levels
        return user if self.user_can_authenticate(user) else None
