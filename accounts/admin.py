from auditlog.admin import LogEntryAdmin as BaseLogEntryAdmin
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .admin_base import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedModelAdmin
from .forms import UnitForm
from .models import Jurisdiction, Notice, Unit, User
from .policies import SET_PASSWORD
from .policy import policy_for


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    form = UnitForm
    list_display = ["name", "kind", "level", "parent", "is_budget_unit", "credit_code"]
    list_filter = ["kind", "level", "is_budget_unit"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A unit without a parent heads a top-level jurisdiction, outside every bureau's area: only a root
        # stays one, and only a superuser makes a new one.
        if "parent" in form.base_fields and not request.user.is_superuser and not (obj and obj.parent_id is None):
            form.base_fields["parent"].required = True
        return form


@admin.register(Jurisdiction)
class JurisdictionAdmin(ScopedModelAdmin):
    """Jurisdictions come with their government units; their staff set the letterhead and abbreviation."""

    list_display = ["name", "level", "parent", "bureau_name", "letter_abbreviation"]
    list_filter = ["level"]
    search_fields = ["name", "bureau_name"]
    list_select_related = ["parent"]
    fields = ["name", "level", "parent", "government", "bureau_name", "letter_abbreviation"]
    readonly_fields = ["name", "level", "parent", "government"]


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

    def get_readonly_fields(self, request, obj=None):
        # Separation of duties (三员分立): UserPolicy decides who edits which fields.
        return policy_for(User).readonly_fields(request.user, obj)

    def save_model(self, request, obj, form, change):
        held = not change and not request.user.is_superuser
        services.account_save(actor=request.user, user=obj, activate=not held)
        if held:
            messages.info(
                request,
                _(
                    "The account was created inactive: the security administrator confirms its role and unit and activates it."  # noqa: E501
                ),
            )

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password belongs to the system administrator, not the one who grants rights.
        if not policy_for(User).can(request.user, SET_PASSWORD):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


# Django's permission groups (only a superuser opens them: roles decide) write through the services too.
admin.site.unregister(Group)
admin.site.register(Group, type(BaseGroupAdmin.__name__, (ScopedAdminMixin, BaseGroupAdmin), {}))


@admin.register(Notice)
class NoticeAdmin(ScopedModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]


admin.site.unregister(LogEntry)


def _field_label(model, name: str) -> str:
    """A changed field by its verbose name; a relation seen from the other side by the other model's name."""
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return name
    if field is None:
        return name
    if not field.concrete:
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


@admin.register(LogEntry)
class AuditLogAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, BaseLogEntryAdmin):
    """The audit trail: readable by bureau staff and auditors, changeable by nobody."""

    list_filter = ["action", "content_type", "timestamp"]
    search_fields = ["object_repr", "actor__username", "additional_data"]
    # The trail only grows: no date drill-down (a DISTINCT over every row's date on each visit; the
    # timestamp filter covers it) and no second COUNT(*) for the unfiltered total.
    date_hierarchy = None
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description=_("Changes"))
    def msg_short(self, obj):
        """改动3项：状态、核定金额、核定人 — the fields by their Chinese names (auditlog lists the raw names)."""
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        names = [_field_label(obj.content_type.model_class(), name) for name in obj.changes_dict]
        return ngettext("%(n)d change: %(fields)s", "%(n)d changes: %(fields)s", len(names)) % {
            "n": len(names),
            "fields": Truncator("、".join(names)).chars(60),
        }

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        return super().cid_url(obj)

    @admin.display(description=_("Who"))
    def user_url(self, obj):
        # The person and role, as every record names who acted (auditlog shows the bare account).
        return obj.actor.name_with_role if obj.actor else _("System")


admin.site.unregister(TOTPDevice)
# django-otp and django-axes name their model and app in plain English, out of reach of a translation:
# name them translatably here (the audit list's filter and the admin show these names).
TOTPDevice._meta.verbose_name = _("second-factor device")
TOTPDevice._meta.verbose_name_plural = _("second-factor devices")
apps.get_app_config("axes").verbose_name = _("Sign-in lockouts")
apps.get_app_config("otp_totp").verbose_name = _("Second factor")


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ScopedModelAdmin):
    """Second-factor devices: the security administrator resets a lost one by deleting it (never sees the key)."""

    list_display = ["user", "name", "confirmed", "last_used_at", "created_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "last_used_at", "created_at"]
    readonly_fields = fields

    def delete_model(self, request, obj):
        services.two_factor_reset(actor=request.user, device=obj)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            self.delete_model(request, device)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ScopedModelAdmin):
    """Failed sign-ins counted by django-axes: deleting a row unlocks the account before its 15 minutes."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    readonly_fields = fields

    def delete_model(self, request, obj):
        services.lockout_clear(actor=request.user, attempt=obj)
