from auditlog.admin import LogEntryAdmin as BaseLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_base import ScopedAdminMixin, ScopedModelAdmin
from .forms import UnitForm
from .models import Notice, Unit, User


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    form = UnitForm
    list_display = ["name", "kind", "level", "parent", "is_budget_unit", "credit_code"]
    list_filter = ["kind", "level", "is_budget_unit"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(ScopedAdminMixin, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "unit__name"]
    autocomplete_fields = ["unit"]
    # A select of every adviser would hold 20,000 options at province scale.
    raw_id_fields = ["adviser"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Role and unit"), {"fields": ["role", "unit", "adviser"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Role and unit"), {"fields": ["role", "unit"]}),)


@admin.register(Notice)
class NoticeAdmin(ScopedModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogAdmin(ScopedAdminMixin, BaseLogEntryAdmin):
    """The audit trail: readable by bureau staff and auditors, changeable by nobody."""

    list_filter = ["action", "content_type", "timestamp"]
    search_fields = ["object_repr", "actor__username", "additional_data"]
    # The trail only grows: no date drill-down (a DISTINCT over every row's date on each visit; the
    # timestamp filter covers it) and no second COUNT(*) for the unfiltered total.
    date_hierarchy = None
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
