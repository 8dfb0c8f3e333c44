"""The signed-in user is loaded with their unit and its jurisdiction: every policy decision needs them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import Jurisdiction


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        other_top_levels = Jurisdiction.objects.filter(parent__isnull=True).exclude(pk=OuterRef("unit__jurisdiction"))
        try:
            user = (
                model._default_manager.select_related("unit__jurisdiction")
                .annotate(other_top_levels=Exists(other_top_levels))
                .get(pk=user_id)
            )
        except model.DoesNotExist:
            return None
        if user.jurisdiction is not None:
            # Answered by the same query, so the policy asks nothing more on each request.
            jurisdiction = user.jurisdiction
            jurisdiction.holds_every_unit = jurisdiction.parent_id is None and not user.other_top_levels
        return user if self.user_can_authenticate(user) else None
