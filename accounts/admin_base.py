"""Admin classes that ask the permission policy instead of Django's per-model permissions."""

import functools

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.http import Http404
from django.utils.text import smart_split, unescape_string_literal

from ui.formatting import format_yuan
from ui.search import SearchField

from . import services
from .policy import ADD, CHANGE, DELETE, VIEW, policy_for


class _SubmittedValuesChecked:
    """Django 5.2's autocomplete widgets re-render a refused form by filtering on the submitted values as
    they came; a value that is not a valid key (":" for an integer id) then raises and the refusal
    becomes a 500 (found by tests/security/test_fuzz_forms.py). Invalid values are left out instead.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        low, high = connections[self.db or DEFAULT_DB_ALIAS].ops.integer_field_range(target.get_internal_type())
        valid = []
        for item in value:
            try:
                key = target.get_prep_value(target.to_python(item))
            except (ValidationError, ValueError, TypeError, OverflowError):
                continue
            # SQLite raises OverflowError on an id beyond 64 bits instead of finding nothing.
            if isinstance(key, int) and not ((low is None or key >= low) and (high is None or key <= high)):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class _KnownChoice:
    """The chosen option is read with a query of its own, one per row of an inline. A form whose instance
    already holds the related object (its queryset selected it) hands it over instead (KnownChoicesForm).
    """

    known = None  # (value, object): the instance's own value and the object it points to

    def optgroups(self, name, value, attr=None):
        if self.known is None or [str(v) for v in value] != [self.known[0]]:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        obj = self.known[1]
        label = self.choices.field.label_from_instance(obj)
        options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class SafeAutocompleteSelect(_KnownChoice, _SubmittedValuesChecked, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SubmittedValuesChecked, AutocompleteSelectMultiple):
    pass


class KnownChoicesForm(forms.ModelForm):
    """Autocomplete widgets show the related objects the instance already holds, without a query each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's add/change-link wrapper
            if not isinstance(widget, _KnownChoice):
                continue
            db_field = self._meta.model._meta.get_field(name)
            if db_field.remote_field.field_name != db_field.related_model._meta.pk.name:
                continue
            if db_field.is_cached(self.instance) and db_field.get_cached_value(self.instance) is not None:
                widget.known = (str(getattr(self.instance, db_field.attname)), db_field.get_cached_value(self.instance))


class SafeAutocompleteMixin:
    # A related field offers and accepts only the rows the user may see (another unit's adviser or unit is
    # neither listed nor saved from a forged POST). A field whose rule is wider names itself here.
    unscoped_choice_fields: tuple[str, ...] = ()

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if db_field.name in self.unscoped_choice_fields:
            return queryset
        try:
            policy = policy_for(db_field.remote_field.model)
        except LookupError:
            return queryset
        if not policy.can(request.user, VIEW):
            # Administrator roles outside the business scope (the system administrator giving an account its
            # unit): what they may edit is decided by the source model's own admin.
            return queryset
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db)
        return policy.scope(request.user, queryset, action=self._choice_action(db_field))

    def _choice_action(self, db_field) -> str:
        """The field that says whose a row is (the policy's unit or jurisdiction field) offers only what the
        user may write there: the province reads a city's units but records nothing under them."""
        try:
            own = policy_for(self.model)
        except LookupError:
            return VIEW
        if db_field.remote_field.model._meta.label == "accounts.Jurisdiction":
            return CHANGE  # a row owned by a jurisdiction goes to one the user may write for
        owners = {(path or "").split("__")[0] for path in (own.unit_field, own.jurisdiction_field) if path}
        if own.unit_field == "":
            owners.add("parent")  # a unit is placed under a unit the user may write
        return CHANGE if db_field.name in owners else VIEW

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class IndexedSearchMixin:
    """The admin search of a large table, answered from indexes. The same rows as Django's search.

    Django ORs `icontains` over every search field, joined tables' included, which PostgreSQL can only
    answer by reading every row of the joined tables. Here a related model's field (`adviser__name`)
    is looked up first in that smaller table, and its rows' ids are matched by the foreign key's index;
    the table's own text fields are matched by `contains` where the term has no case (ui.search).
    Admins with a search field this cannot express keep Django's search.
    """

    def get_search_results(self, request, queryset, search_term):
        specs = [str(spec) for spec in self.get_search_fields(request)]
        fields = [SearchField.parse(queryset.model, spec) for spec in specs]
        if not (search_term and specs) or None in fields:
            return super().get_search_results(request, queryset, search_term)
        terms = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            terms.append(models.Q.create([field.condition(bit) for field in fields], connector=models.Q.OR))
        return queryset.filter(models.Q.create(terms)), False


@functools.cache  # one function per field: the admin finds read-only fields by identity
def yuan_column(model, name: str):
    """A changelist column (or a read-only field) showing an amount as every page does (1,500,000.00元),
    sortable by its field."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(obj):
        return format_yuan(getattr(obj, name))

    return column


def _is_amount(model, name) -> bool:
    """A money field of ours: a two-decimal DecimalField named for an amount or a price (not a coefficient)."""
    if not isinstance(name, str) or not name.endswith(("amount", "price")):
        return False
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.DecimalField) and field.decimal_places == 2


class AmountColumnsMixin:
    """Every amount column of every changelist in yuan with thousands separators, without each admin asking."""

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return [yuan_column(self.model, name) if _is_amount(self.model, name) else name for name in columns]

    # A change page shown read-only (an auditor's, or a computed amount) shows the amount the same way, not
    # Django's bare 120000.00: the amount field is swapped for its yuan column where it is read-only.
    def get_readonly_fields(self, request, obj=None):
        return [self._as_yuan(name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        if self.has_change_permission(request, obj):
            shown = {n for n in super().get_readonly_fields(request, obj) if _is_amount(self.model, n)}
        else:  # the whole page is read-only
            shown = {n for n in flatten_fieldsets(fieldsets) if _is_amount(self.model, n)}
        if not shown:
            return fieldsets

        def swap(name):
            if isinstance(name, list | tuple):
                return type(name)(swap(n) for n in name)
            return self._as_yuan(name) if name in shown else name

        return [(title, {**options, "fields": swap(options["fields"])}) for title, options in fieldsets]

    def _as_yuan(self, name):
        return yuan_column(self.model, name) if _is_amount(self.model, name) else name


class ServiceWritesMixin:
    """The admin writes like a view, through a service: a table without a workflow of its own through
    accounts.services' record_save/record_delete/record_relate (validated, one transaction, audited as the
    user). An admin whose rows have a workflow overrides these with its app's services.
    tests/accounts/test_admin_writes_through_services.py fails on an admin that writes any other way.
    """

    def save_model(self, request, obj, form, change):
        services.record_save(actor=request.user, record=obj)

    def delete_model(self, request, obj):
        services.record_delete(actor=request.user, record=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # one delete per row, each through delete_model and in the audit trail
            self.delete_model(request, obj)

    def save_related(self, request, form, formsets, change):
        for field in form._meta.model._meta.many_to_many:
            if field.name in form.changed_data:
                related = list(form.cleaned_data[field.name])
                services.record_relate(actor=request.user, record=form.instance, field=field.name, related=related)
        for formset in formsets:
            formset.save(commit=False)  # writes nothing: fills the lists below and the change message
            for obj in formset.deleted_objects:
                services.record_delete(actor=request.user, record=obj)
            for obj in [*formset.new_objects, *(changed for changed, _fields in formset.changed_objects)]:
                services.record_save(actor=request.user, record=obj)


class ReadOnlyAdminMixin:
    """Rows written only through their workflow's services in the portal (requests, reports, assessments)
    or computed (findings): the admin shows them to whoever the policy lets see them and changes nothing."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedAdminMixin(AmountColumnsMixin, IndexedSearchMixin, SafeAutocompleteMixin, ServiceWritesMixin):
    """Rows and actions come from the model's policy; another unit's object by its id is a 404."""

    def _policy(self):
        return policy_for(self.model)

    def get_queryset(self, request):
        return self._policy().scope(request.user, super().get_queryset(request))

    def _can(self, request, action, obj=None) -> bool:
        # The admin asks the same questions several times per page (the app list asks five of every model);
        # each answer for an object is a query: answers are remembered for the rest of the request.
        answers = request.__dict__.setdefault("_policy_answers", {})
        if obj is None or obj.pk is None:
            key = (self.model, None, action)
            if key not in answers:
                answers[key] = self._policy().can(request.user, action)
            return answers[key]
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

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        field = next((f for f in self.model._meta.concrete_fields if f.name == "jurisdiction"), None)
        if field is not None and field.is_relation and getattr(request.user, "jurisdiction", None):
            initial.setdefault("jurisdiction", request.user.jurisdiction.pk)
        return initial

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False


class ScopedTabularInline(SafeAutocompleteMixin, admin.TabularInline):
    """Inline rows: `obj` passed to the permission hooks is the parent, already checked by its admin.

    Rows whose queryset selects their related objects (`get_queryset`) show them in autocomplete fields
    without a query per row.
    """

    extra = 0
    form = KnownChoicesForm

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
