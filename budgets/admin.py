from django.contrib import admin

from accounts.admin_base import ReadOnlyAdminMixin, ScopedModelAdmin, ScopedTabularInline

from .models import BudgetEvent, BudgetLine, BudgetRequest, FeeStandard, GradeCoefficient, Settlement


@admin.register(FeeStandard)
class FeeStandardAdmin(ScopedModelAdmin):
    """Bureau staff keep the unit prices; everyone else reads them."""

    list_display = ["jurisdiction", "year", "item_type", "unit_price", "measure", "note"]
    list_filter = ["year", "item_type"]
    list_select_related = ["jurisdiction"]


@admin.register(GradeCoefficient)
class GradeCoefficientAdmin(ScopedModelAdmin):
    list_display = ["jurisdiction", "grade", "coefficient"]
    list_select_related = ["jurisdiction"]


class BudgetLineInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = BudgetLine
    fields = [
        "quarter",
        "item_type",
        "description",
        "quantity",
        "unit_price",
        "amount",
        "recommended_amount",
        "approved_amount",
        "for_unit",
        "engagement",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("for_unit", "engagement__adviser", "engagement__unit")


class BudgetEventInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = BudgetEvent
    fields = ["at", "action", "actor", "from_status", "to_status", "amount", "comment"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


# Requests and settlements change only through their workflow services (portal pages).
@admin.register(BudgetRequest)
class BudgetRequestAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ["unit", "year", "title", "status", "requested_amount", "recommended_amount", "approved_amount"]
    list_filter = ["status", "year"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]
    inlines = [BudgetLineInline, BudgetEventInline]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = [
        "year",
        "unit",
        "engagement",
        "grade",
        "grade_source",
        "coefficient",
        "approved_amount",
        "amount",
        "status",
    ]
    list_filter = ["year", "status", "grade"]
    # Sorted by the unit's name (Meta.ordering): joining the engagements and advisers as well would make
    # PostgreSQL join every settlement before sorting, so they are fetched for the page's rows only.
    list_select_related = ["unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("engagement__adviser", "engagement__unit")
