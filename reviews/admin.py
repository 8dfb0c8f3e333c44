from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedModelAdmin, ScopedTabularInline
from accounts.policy import visible

from .models import (
    Assessment,
    AssessmentCriterion,
    AssessmentScheme,
    AssessmentScore,
    DutyReport,
    DutyReportAttachment,
    InspectionCampaign,
    RectificationItem,
    ReminderLog,
    UnitInspection,
    UnitWorkReport,
    VetoItem,
)


class CriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            (f.cleaned_data.get("weight") or 0)
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        )
        if self.forms and total != 100:
            raise forms.ValidationError(
                _("The criteria's weights add up to %(total)s; they must add up to 100.") % {"total": total}
            )


class CriterionInline(ScopedTabularInline):
    model = AssessmentCriterion
    formset = CriterionFormSet
    fields = ["order", "code", "name", "weight"]


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(ScopedModelAdmin):
    list_display = ["jurisdiction", "year", "excellent_min", "competent_min", "basic_min"]
    list_select_related = ["jurisdiction"]
    inlines = [CriterionInline]


@admin.register(VetoItem)
class VetoItemAdmin(ScopedModelAdmin):
    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]


class ScoreInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = AssessmentScore
    fields = ["criterion", "self_score", "unit_score"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    """Written only in the portal (assessment_save, assessment_complete: dismissal also ends the engagement)."""

    list_display = ["engagement", "year", "status", "unit_total", "grade", "decision"]
    list_filter = ["year", "status", "grade", "decision"]
    search_fields = ["engagement__adviser__name", "engagement__unit__name"]
    list_select_related = ["engagement__adviser", "engagement__unit"]
    readonly_fields = [
        "engagement",
        "year",
        "scheme",
        "status",
        "self_total",
        "unit_total",
        "vetoed",
        "vetoes",
        "grade",
        "decision",
        "completed_at",
        "completed_by",
    ]
    fields = readonly_fields + ["comments"]
    inlines = [ScoreInline]


class AttachmentInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = DutyReportAttachment
    fields = ["original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


@admin.register(DutyReport)
class DutyReportAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    """Written only in the portal (duty_report_save counts the year's records; submission is final)."""

    list_display = ["engagement", "year", "status", "submitted_at", "is_late"]
    list_filter = ["year", "status", "is_late"]
    search_fields = ["engagement__adviser__name", "engagement__unit__name"]
    list_select_related = ["engagement__adviser", "engagement__unit"]
    readonly_fields = [
        "engagement",
        "year",
        "status",
        "meetings_attended",
        "opinions_given",
        "opinions_adopted",
        "lectures_given",
        "deadline",
        "submitted_at",
        "submitted_by",
        "is_late",
        "returned_at",
        "returned_by",
        "return_reason",
    ]
    fields = readonly_fields + ["summary"]
    inlines = [AttachmentInline]


@admin.register(UnitWorkReport)
class UnitWorkReportAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    """Written only in the portal (work_report_save refreshes the figures; the parent reviews it there)."""

    list_display = ["unit", "year", "status", "recipient", "submitted_at", "reviewed_at"]
    list_filter = ["year", "status", "unit__level"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "recipient"]
    readonly_fields = [
        "unit",
        "year",
        "status",
        "recipient",
        "engagements",
        "opinions",
        "opinions_adopted",
        "opinions_not_adopted",
        "lectures",
        "contracts",
        "contract_amount",
        "duty_reports_submitted",
        "assessments_completed",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "return_reason",
    ]
    fields = readonly_fields + ["summary"]


@admin.register(InspectionCampaign)
class InspectionCampaignAdmin(ScopedModelAdmin):
    list_display = ["jurisdiction", "year", "title", "started_on", "ended_on"]
    list_select_related = ["jurisdiction"]
    filter_horizontal = ["staff"]  # bureau staff only: a short list
    autocomplete_fields = ["advisers"]


class RectificationInline(ScopedTabularInline):
    model = RectificationItem
    fields = ["dimension", "description", "due_date", "status", "response"]
    readonly_fields = ["status", "response"]


@admin.register(UnitInspection)
class UnitInspectionAdmin(ScopedModelAdmin):
    list_display = [
        "unit",
        "campaign",
        "text_quality",
        "procedure",
        "risk_warning",
        "performance",
        "archives",
        "letter_sent_on",
    ]
    list_filter = ["campaign", "unit__kind"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "campaign"]
    autocomplete_fields = ["unit"]
    inlines = [RectificationInline]

    def get_queryset(self, request):
        # An inspection's name is its campaign's year and unit: the rectification item's autocomplete lists them.
        return super().get_queryset(request).select_related("campaign", "unit")


@admin.register(RectificationItem)
class RectificationItemAdmin(ScopedModelAdmin):
    list_display = ["description", "inspection", "dimension", "due_date", "status"]
    list_filter = ["status", "dimension"]
    search_fields = ["description", "inspection__unit__name"]
    list_select_related = ["inspection__unit", "inspection__campaign"]
    readonly_fields = ["response", "answered_at", "answered_by", "closed_at"]
    autocomplete_fields = ["inspection"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "inspection":
            # What the autocomplete offers is what validates: an officer cannot move an item to another unit.
            kwargs["queryset"] = visible(request.user, UnitInspection).select_related("campaign", "unit")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedModelAdmin):
    list_display = ["day", "kind", "recipient", "items", "created_at"]
    list_filter = ["kind", "day"]
    search_fields = ["recipient__username", "recipient__last_name"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "day", "notice", "items", "created_at"]


# Celery beat's admin asks Django's model permissions, which only superusers hold here; the same
# admin classes, asking our policy instead, let bureau staff edit the reminder schedule. Its bulk actions
# (enable, disable, run) write with queryset.update(), past the services and the audit trail: a task is
# enabled or disabled on its own page instead.
def _scope_beat_admin():
    from django_celery_beat import admin as beat_admin
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    for model, base in [
        (PeriodicTask, beat_admin.PeriodicTaskAdmin),
        (CrontabSchedule, beat_admin.CrontabScheduleAdmin),
        (IntervalSchedule, beat_admin.IntervalScheduleAdmin),
        (ClockedSchedule, beat_admin.ClockedScheduleAdmin),
        (SolarSchedule, beat_admin.SolarScheduleAdmin),
    ]:
        admin.site.unregister(model)
        admin.site.register(model, type(base.__name__, (ScopedAdminMixin, base), {"actions": []}))


_scope_beat_admin()
