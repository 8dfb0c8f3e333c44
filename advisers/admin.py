from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import SelectableFieldsExportForm

from accounts.admin import UnitAdmin
from accounts.admin_base import ScopedModelAdmin, ScopedTabularInline
from accounts.models import Unit
from accounts.policy import ADD, CHANGE, EXPORT, policy_for
from audit.trail import record_event
from ui.downloads import as_download
from ui.formatting import format_date
from ui.spreadsheets import SafeXLSX

from . import services
from .excel import AdviserResource, UnitResource
from .models import (
    Adviser,
    AdviserSettings,
    ConflictFinding,
    Dispute,
    Engagement,
    ExecutiveMeeting,
    InspectionParticipation,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionCandidate,
    ReselectionRound,
)
from .policies import shown_licence, shown_phone, with_contact


class ColumnNamesExportForm(SelectableFieldsExportForm):
    """The export's column choices by their Chinese column names (the package shows "Licence No (执业证号)")."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class ExcelAdminMixin(ImportExportMixin):
    """xlsx only; import needs add and change rights, export the model's EXPORT action (bureau staff and
    auditors) and is recorded in the audit trail. The admin rolls back an import with any bad row, in the check
    (dry run) and in the confirmed import alike."""

    import_formats = [SafeXLSX]
    export_formats = [SafeXLSX]
    export_form_class = ColumnNamesExportForm
    import_template_name = "admin/import_export/import_without_tracebacks.html"

    def has_import_permission(self, request):
        model_policy = policy_for(self.model)
        return model_policy.can(request.user, ADD) and model_policy.can(request.user, CHANGE)

    def get_import_data_kwargs(self, **kwargs):
        # The package rolls the confirmed import back only on errors, saving the good rows of a file whose row
        # went bad since the check (a licence number registered meanwhile).
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        # Nothing was saved: the bad rows are listed as the check lists them, under a form for the corrected file.
        form = self.get_import_form_class(request)(self.get_import_formats(), self.get_import_resource_classes(request))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "result": result,
            "import_error_display": self.import_error_display,
        }
        return TemplateResponse(request, [self.import_template_name], context)

    def has_export_permission(self, request):
        return policy_for(self.model).can(request.user, EXPORT)

    def get_export_filename(self, request, queryset, file_format):
        return _("%(records)s %(date)s.%(extension)s") % {
            "records": self.model._meta.verbose_name_plural,
            "date": format_date(timezone.localdate()),
            "extension": file_format.get_extension(),
        }

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # import-export quotes the name as it is, which a browser cannot read in Chinese: RFC 6266 instead.
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        return as_download(response, self.get_export_filename(request, queryset, file_format))

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        record_event(actor=request.user, event="export_xlsx", model=self.model._meta.label, rows=queryset.count())
        return data


# -- Units: the accounts admin with Excel import/export added ---------------------------------------

admin.site.unregister(Unit)


@admin.register(Unit)
class UnitExcelAdmin(ExcelAdminMixin, UnitAdmin):
    resource_classes = [UnitResource]


# -- Registry ---------------------------------------------------------------------------------------


class EngagementInline(ScopedTabularInline):
    model = Engagement
    fk_name = "adviser"
    fields = ["unit", "role", "kind", "start_date", "end_date", "status", "letter_no"]
    autocomplete_fields = ["unit"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("adviser", "unit")


class TermEndFilter(admin.SimpleListFilter):
    title = _("term end")
    parameter_name = "term_end"

    def lookups(self, request, model_admin):
        return [("90", _("within 90 days")), ("past", _("already ended")), ("later", _("later"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "90":
            return queryset.ending_within(90, today)
        if self.value() == "past":
            return queryset.filter(end_date__lt=today)
        if self.value() == "later":
            return queryset.filter(end_date__gt=today + timezone.timedelta(days=90))
        return queryset


class CurrentStatusFilter(admin.SimpleListFilter):
    """By the status as of today (an ended term is expired before the daily sweep stores it)."""

    title = _("status")
    parameter_name = "current_status"

    def lookups(self, request, model_admin):
        return Engagement.Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_current_status().filter(current_status=self.value())
        return queryset


@admin.register(Adviser)
class AdviserAdmin(ExcelAdminMixin, ScopedModelAdmin):
    resource_classes = [AdviserResource]
    list_display = ["name", "category", "affiliation", "masked_licence", "masked_phone"]
    list_filter = ["category", "engagements__role", "engagements__status"]
    search_fields = ["name", "affiliation", "licence_no", "specialties"]
    inlines = [EngagementInline]

    def get_queryset(self, request):
        # No DISTINCT: the scope is a subquery, and the admin itself guards the engagement filters against
        # duplicates; a DISTINCT would sort all 20,000 advisers for each page.
        return with_contact(request.user, super().get_queryset(request))

    def get_fields(self, request, obj=None):
        fields = ["name", "category", "licence_no", "affiliation", "specialties", "phone", "email"]
        if obj is not None and not getattr(obj, "contact_visible", False):
            return [{"licence_no": "masked_licence", "phone": "masked_phone"}.get(f, f) for f in fields if f != "email"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not getattr(obj, "contact_visible", False):
            return ["masked_licence", "masked_phone"]
        return []

    def save_model(self, request, obj, form, change):
        services.adviser_save(actor=request.user, adviser=obj)

    def save_related(self, request, form, formsets, change):
        """Engagements typed in the inline are saved by the service, so they are checked for conflicts too."""
        form.save_m2m()
        for formset in formsets:
            formset.save(commit=False)  # writes nothing: fills the lists below and the change message's
            for engagement in formset.deleted_objects:
                services.engagement_delete(actor=request.user, engagement=engagement)
            for engagement in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]:
                services.engagement_save(actor=request.user, engagement=engagement)

    @admin.display(description=_("practice licence number"))
    def masked_licence(self, obj):
        return shown_licence(obj)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return shown_phone(obj)


@admin.register(Engagement)
class EngagementAdmin(ScopedModelAdmin):
    list_display = [
        "adviser",
        "unit",
        "role",
        "kind",
        "start_date",
        "end_date",
        "status_today",
        "selection_method",
        "letter_no",
    ]
    list_filter = [
        "role",
        CurrentStatusFilter,
        "kind",
        "selection_method",
        TermEndFilter,
        "unit__kind",
    ]
    # No filter listing every unit (thousands of links, found by a DISTINCT over the table) and no date
    # drill-down (a DISTINCT over every row's date): search by the unit's name, filter by term end.
    search_fields = ["adviser__name", "unit__name", "letter_no"]
    list_select_related = ["adviser", "unit"]
    autocomplete_fields = ["adviser", "unit", "previous"]
    actions = ["mark_expired"]

    def get_queryset(self, request):
        # An engagement's name is its adviser's and unit's: other admins' autocomplete lists them.
        return super().get_queryset(request).select_related("adviser", "unit")

    def save_model(self, request, obj, form, change):
        services.engagement_save(actor=request.user, engagement=obj)

    @admin.display(description=_("status"), ordering="status")
    def status_today(self, obj):
        return obj.get_current_status_display()

    @admin.action(description=_("Mark ended engagements as expired"), permissions=["change"])
    def mark_expired(self, request, queryset):
        count = services.engagements_expire(actor=request.user, engagements=queryset)
        self.message_user(
            request,
            ngettext("%d engagement marked expired.", "%d engagements marked expired.", count) % count,
            messages.SUCCESS,
        )


# -- Duty records -----------------------------------------------------------------------------------


class DutyRecordAdmin(ScopedModelAdmin):
    """Saves and deletions go through the services, which keep the contracts' findings current. An adviser's
    proposal is confirmed or declined in the portal (advisers:proposals), never by editing its state here."""

    readonly_fields = ["confirmation", "proposed_by", "decline_reason"]

    def delete_model(self, request, obj):
        services.duty_record_delete(actor=request.user, record=obj)


@admin.register(LegalOpinion)
class LegalOpinionAdmin(DutyRecordAdmin):
    list_display = ["date", "adviser", "unit", "matter_type", "source", "subject", "adoption"]
    # As for engagements: the unit's kind, not a list of every unit; the date filter, not a drill-down.
    list_filter = ["confirmation", "adoption", "matter_type", "source", "date", "unit__kind"]
    search_fields = ["subject", "adviser__name", "unit__name"]
    list_select_related = ["adviser", "unit"]
    autocomplete_fields = ["adviser", "unit", "meeting"]

    def save_model(self, request, obj, form, change):
        services.opinion_save(actor=request.user, opinion=obj)


@admin.register(Lecture)
class LectureAdmin(DutyRecordAdmin):
    list_display = ["date", "speaker", "topic", "audience", "unit", "confirmation"]
    list_filter = ["confirmation", "date"]
    search_fields = ["topic", "speaker__name", "unit__name"]
    list_select_related = ["speaker", "unit"]
    autocomplete_fields = ["speaker", "unit"]

    def save_model(self, request, obj, form, change):
        services.lecture_save(actor=request.user, lecture=obj)


class AttendanceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        wanted = {
            form.cleaned_data["adviser"].pk
            for form in self.forms
            if form.cleaned_data.get("adviser") and not self._should_delete_form(form)
        }
        current = {form.instance.adviser_id for form in self.initial_forms if form.instance.adviser_id}
        givers = self.instance.opinion_givers(current - wanted)
        if givers:
            raise forms.ValidationError(services.meeting_removal_error(givers))


class AttendanceInline(ScopedTabularInline):
    model = MeetingAttendance
    formset = AttendanceFormSet
    autocomplete_fields = ["adviser"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("adviser", "meeting")


@admin.register(ExecutiveMeeting)
class ExecutiveMeetingAdmin(ScopedModelAdmin):
    """The meeting and who attended it are written together by services.meeting_record (save_related)."""

    list_display = ["jurisdiction", "session_number", "date"]
    list_select_related = ["jurisdiction"]
    search_fields = ["topics", "=session_number"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]

    def save_model(self, request, obj, form, change):
        pass  # saved with its attendances in save_related

    def delete_model(self, request, obj):
        services.meeting_delete(actor=request.user, meeting=obj)

    def save_related(self, request, form, formsets, change):
        adviser_ids = set()
        for formset in formsets:
            formset.save(commit=False)  # writes nothing: fills the lists the change message reads
            adviser_ids |= {
                f.cleaned_data["adviser"].pk
                for f in formset.forms
                if f.cleaned_data.get("adviser") and not formset._should_delete_form(f)
            }
        meeting = form.instance
        services.meeting_record(
            actor=request.user,
            meeting=meeting,
            date=meeting.date,
            session_number=meeting.session_number,
            topics=meeting.topics,
            adviser_ids=adviser_ids,
        )


@admin.register(InspectionParticipation)
class InspectionParticipationAdmin(ScopedModelAdmin):
    list_display = ["year", "adviser", "date", "unit", "description"]
    list_filter = ["year"]
    search_fields = ["adviser__name"]
    list_select_related = ["adviser", "unit"]
    autocomplete_fields = ["adviser", "unit"]


# -- Re-selection -----------------------------------------------------------------------------------


class CandidateInline(ScopedTabularInline):
    model = ReselectionCandidate
    fields = ["adviser", "incumbent", "outcome", "note", "new_engagement"]
    readonly_fields = ["outcome", "new_engagement"]
    autocomplete_fields = ["adviser", "incumbent"]
    unscoped_choice_fields = ("adviser",)  # any adviser of the pool may stand, not only the unit's own

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "adviser",
                "round",
                "incumbent__adviser",
                "incumbent__unit",
                "new_engagement__adviser",
                "new_engagement__unit",
            )
        )


@admin.register(ReselectionRound)
class ReselectionRoundAdmin(ScopedModelAdmin):
    """A new round finds its incumbents (services.round_open); candidates are added once it exists."""

    list_display = ["title", "unit", "role", "opened_on", "new_term_start", "new_term_end", "status"]
    list_filter = ["status", "role"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["status", "decided_on"]
    inlines = [CandidateInline]
    opening_fields = [
        "unit",
        "title",
        "role",
        "selection_method",
        "opened_on",
        "new_term_start",
        "new_term_end",
        "note",
    ]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            services.round_change(actor=request.user, round_=obj)
        else:
            # The admin's response links to the round it saved: the service's.
            opened = services.round_open(actor=request.user, **{f: getattr(obj, f) for f in self.opening_fields})
            obj.pk = opened.pk

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            formset.save(commit=False)
            for candidate in formset.deleted_objects:
                services.candidate_remove(actor=request.user, candidate=candidate)
            for candidate, _fields in formset.changed_objects:
                services.candidate_save(actor=request.user, candidate=candidate)
            for candidate in formset.new_objects:
                services.candidate_add(
                    actor=request.user, round_=candidate.round, adviser=candidate.adviser, note=candidate.note
                )


@admin.register(AdviserSettings)
class AdviserSettingsAdmin(ScopedModelAdmin):
    list_display = ["jurisdiction", "idle_months", "ending_days", "max_units"]
    list_select_related = ["jurisdiction"]


# -- Conflict-of-interest review --------------------------------------------------------------------


@admin.register(Dispute)
class DisputeAdmin(ScopedModelAdmin):
    list_display = [
        "case_number",
        "unit",
        "forum",
        "counterparty",
        "counterparty_lawyer",
        "counterparty_firm",
        "status",
    ]
    list_filter = ["status", "filed_on"]
    search_fields = ["case_number", "counterparty", "counterparty_lawyer", "counterparty_firm", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        services.dispute_save(actor=request.user, dispute=obj)


@admin.register(ConflictFinding)
class ConflictFindingAdmin(ScopedModelAdmin):
    """Findings are raised by the check and decided in the portal (advisers:conflict), with the reason."""

    list_display = ["engagement", "engagement_unit", "kind", "status", "message", "occasion", "detected_at"]
    list_filter = ["status", "kind", "occasion"]
    search_fields = ["engagement__adviser__name", "engagement__unit__name", "message"]
    list_select_related = ["engagement__adviser", "engagement__unit"]

    @admin.display(description=_("unit"), ordering="engagement__unit__name")
    def engagement_unit(self, obj):
        return obj.engagement.unit

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
