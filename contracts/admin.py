from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_base import ReadOnlyAdminMixin, ScopedModelAdmin, ScopedTabularInline
from advisers.admin import ExcelAdminMixin

from . import services
from .models import ContractFinding, ContractRuleSettings, ProcurementBand, ServiceContract
from .resources import ServiceContractResource
from .uploads import validate_pdf_upload


class ServiceContractForm(forms.ModelForm):
    class Meta:
        model = ServiceContract
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean_signed_file(self):
        upload = self.cleaned_data.get("signed_file")
        # Only a new upload is checked; an existing stored file is left as it is.
        if upload and hasattr(upload, "content_type"):
            validate_pdf_upload(upload)
        return upload


class FindingInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = ContractFinding
    fields = ["rule", "message", "status", "detected_at", "resolved_at"]
    readonly_fields = fields
    ordering = ["status", "-detected_at"]


class OpenFindingsFilter(admin.SimpleListFilter):
    title = _("findings")
    parameter_name = "findings"

    def lookups(self, request, model_admin):
        return [("open", _("With open findings")), ("none", _("Without open findings"))]

    def queryset(self, request, queryset):
        open_contracts = ContractFinding.objects.filter(status=ContractFinding.Status.OPEN).values("contract_id")
        if self.value() == "open":
            return queryset.filter(pk__in=open_contracts)
        if self.value() == "none":
            return queryset.exclude(pk__in=open_contracts)
        return queryset


@admin.register(ServiceContract)
class ServiceContractAdmin(ExcelAdminMixin, ScopedModelAdmin):
    form = ServiceContractForm
    resource_classes = [ServiceContractResource]
    list_display = ["number", "unit", "adviser", "signed_on", "start_date", "end_date", "amount", "procurement_method"]
    # No filter listing every unit and no date drill-down: each is a DISTINCT over the whole table and
    # the unit list thousands of links; search by the unit's name, filter by the signing date.
    list_filter = [
        OpenFindingsFilter,
        "procurement_method",
        "fee_basis",
        "unit__kind",
        "signed_on",
        "end_date",
    ]
    search_fields = ["number", "unit__name", "adviser__name", "procurement_ref"]
    list_select_related = ["unit", "adviser"]
    autocomplete_fields = ["unit", "adviser", "engagement"]
    readonly_fields = ["signed_file_link"]
    inlines = [FindingInline]
    actions = ["recheck"]

    @admin.display(description=_("download"))
    def signed_file_link(self, obj):
        if not obj.pk or not obj.signed_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("contracts:file", args=[obj.pk]), _("Download the signed contract")
        )

    def save_model(self, request, obj, form, change):
        services.contract_save(actor=request.user, contract=obj)

    @admin.action(description=_("Check the selected contracts against the rules again"), permissions=["change"])
    def recheck(self, request, queryset):
        changed = services.findings_recompute(contracts=queryset)
        self.message_user(
            request,
            ngettext("%d finding opened or resolved.", "%d findings opened or resolved.", changed) % changed,
            messages.SUCCESS,
        )


@admin.register(ContractFinding)
class ContractFindingAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    """Findings are computed by the rules, never typed in."""

    list_display = ["contract", "contract_unit", "rule", "status", "message", "detected_at", "resolved_at"]
    list_filter = ["status", "rule", "contract__unit__kind"]
    search_fields = ["contract__number", "contract__unit__name", "message"]
    list_select_related = ["contract", "contract__unit"]

    @admin.display(description=_("unit"), ordering="contract__unit__name")
    def contract_unit(self, obj):
        return obj.contract.unit


class RulesChangedMixin:
    """Thresholds change through the services, which check every contract again (in the background)."""

    def save_model(self, request, obj, form, change):
        services.rules_save(actor=request.user, rule=obj)

    def delete_model(self, request, obj):
        services.rules_delete(actor=request.user, rule=obj)


@admin.register(ProcurementBand)
class ProcurementBandAdmin(RulesChangedMixin, ScopedModelAdmin):
    list_display = ["jurisdiction", "method", "min_amount", "max_amount"]
    list_select_related = ["jurisdiction"]


@admin.register(ContractRuleSettings)
class ContractRuleSettingsAdmin(RulesChangedMixin, ScopedModelAdmin):
    list_display = ["jurisdiction", "max_term_months"]
    list_select_related = ["jurisdiction"]
