"""Admin classes that ask the permission policy instead of Django's per-model permissions."""

from django.contrib import admin
from django.http import Http404

from .policy import ADD, CHANGE, DELETE, VIEW, policy_for


class ScopedAdminMixin:
    """Rows and actions come from the model's policy; another unit's object by its id is a 404."""

    def _policy(self):
        return policy_for(self.model)

    def get_queryset(self, request):
        return self._policy().scope(request.user, super().get_queryset(request))

    def _can(self, request, action, obj=None) -> bool:
        # The admin asks about the same object several times per page; each answer for an object is a
        # query, so it is remembered for the rest of the request.
        if obj is None or obj.pk is None:
            return self._policy().can(request.user, action)
        answers = request.__dict__.setdefault("_policy_answers", {})
        key = (type(obj), obj.pk, action)
        if key not in answers:
            answers[key] = self._policy().can(request.user, action, obj)
        return answers[key]

    def has_module_permission(self, request):
        return self._can(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return self._can(request, VIEW, obj)

    def has_add_permission(self, request, *args):
        return self._can(request, ADD)

    def has_change_permission(self, request, obj=None):
        return self._can(request, CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self._can(request, DELETE, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False


class ScopedTabularInline(admin.TabularInline):
    """Inline rows: `obj` passed to the permission hooks is the parent, already checked by its admin."""

    extra = 0

    def get_queryset(self, request):
        return policy_for(self.model).scope(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return policy_for(self.model).can(request.user, VIEW)

    def has_add_permission(self, request, obj=None):
        return policy_for(self.model).can(request.user, ADD)

    def has_change_permission(self, request, obj=None):
        return policy_for(self.model).can(request.user, CHANGE)

    def has_delete_permission(self, request, obj=None):
        return policy_for(self.model).can(request.user, DELETE)
