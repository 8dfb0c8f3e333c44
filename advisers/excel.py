"""Excel (xlsx) import and export with Chinese column headers, shared by the registry's admin pages.

Headers are a file format that bureau staff exchange with units, so they are fixed Chinese text
(not translated with the interface). Every resource imports all-or-nothing: the admin rolls the
whole file back when any row is invalid and lists each bad row with its reason.
"""

from __future__ import annotations

from copy import copy
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader

from accounts.credit_code import validate_credit_code
from accounts.models import Unit
from audit.trail import audit_created
from figures.aggregates import bump

from .models import Adviser
from .services import registry_for

YES, NO = "是", "否"


class ChoiceLabelWidget(widgets.Widget):
    """A choice written as its Chinese label (市直部门); the stored code and the English label are accepted too."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    @cached_property
    def lookup(self) -> dict:
        # Built on first use: translations are not ready while modules are being imported.
        lookup = {}
        for value, label in self.choices:
            lookup[str(value)] = value
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    lookup[str(label)] = value
        return lookup

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text not in self.lookup:
            with translation.override("zh-hans"):
                allowed = "、".join(str(label) for _value, label in self.choices)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return self.lookup[text]

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    TRUE = {"是", "1", "true", "yes", "y", "√", "✓"}
    FALSE = {"否", "0", "false", "no", "n", "", "none"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Write 是 or 否, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by its name, with a clear message when it is missing or ambiguous."""

    def __init__(self, model, field="name", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        matches = list(self.get_queryset(value, row, **kwargs).filter(**{self.field: text})[:2])
        if not matches:
            raise ValueError(
                _("No %(model)s named “%(name)s”.") % {"model": self.model._meta.verbose_name, "name": text}
            )
        if len(matches) > 1:
            raise ValueError(
                _("Several %(model)s are named “%(name)s”; make the names distinct first.")
                % {"model": self.model._meta.verbose_name_plural, "name": text}
            )
        return matches[0]


class CreditCodeWidget(widgets.CharWidget):
    """Blank is "no code" (NULL); a code is checked with the GB 32100 check character, with its own message."""

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip().upper()
        if not code:
            return None
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from None
        return code


def _number(value) -> Decimal | None:
    """A cell as a finite Decimal (None when empty); ValueError with the cell's text otherwise."""
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text})
    return number


class SystemIdWidget(widgets.IntegerWidget):
    """The system number of an existing row; empty for a new one. Any other text is a clear row error
    (IntegerWidget would fail with decimal's internal error text)."""

    def clean(self, value, row=None, **kwargs):
        number = _number(value)
        if number is None:
            return None
        if number != number.to_integral_value() or not 0 < number < 2**63:
            message = _("“%(value)s” is not a system number; leave the cell empty for a new row.")
            raise ValueError(message % {"value": value})
        return int(number)


class MoneyWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        return _number(value)


class FixedColumnsMixin:
    """A file must carry every column of the template: a row's error on a column the file lacks would have no
    cell to be shown next to, so the whole file is refused with the missing headers named."""

    def before_import(self, dataset, **kwargs):
        missing = [f.column_name for f in self.get_import_fields() if f.column_name not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                _("The file lacks the columns: %(columns)s. Start from an exported file to get every header.")
                % {"columns": "、".join(missing)}
            )
        super().before_import(dataset, **kwargs)


class UnitResource(FixedColumnsMixin, resources.ModelResource):
    name = fields.Field(attribute="name", column_name="单位名称", widget=widgets.CharWidget())
    kind = fields.Field(attribute="kind", column_name="单位类型", widget=ChoiceLabelWidget(Unit.Kind.choices))
    level = fields.Field(attribute="level", column_name="层级", widget=ChoiceLabelWidget(Unit.Level.choices))
    parent = fields.Field(attribute="parent", column_name="上级单位", widget=NamedForeignKeyWidget(Unit))
    is_budget_unit = fields.Field(attribute="is_budget_unit", column_name="市级预算单位", widget=YesNoWidget())
    credit_code = fields.Field(attribute="credit_code", column_name="统一社会信用代码", widget=CreditCodeWidget())

    class Meta:
        model = Unit
        fields = ("name", "kind", "level", "parent", "is_budget_unit", "credit_code")
        import_id_fields = ("name",)
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = False


# A file's values are looked up in parts: SQLite allows 32,766 parameters in one statement.
LOOKUP_CHUNK = 2_000


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[start : start + LOOKUP_CHUNK] for start in range(0, len(values), LOOKUP_CHUNK)]


class FileInstanceLoader(ModelInstanceLoader):
    """The file's existing rows, found by their system number with one query (instead of one per row); a cell
    that is not a system number is left to be reported on its own row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.field = resource.fields[resource.get_import_id_fields()[0]]
        ids = set()
        if self.field.column_name in (dataset.headers or []):
            for cell in dataset[self.field.column_name]:
                try:
                    ids.add(self.field.widget.clean(cell))
                except ValueError:
                    continue
        ids.discard(None)
        lookup = f"{self.field.attribute}__in"
        found = [obj for part in _chunks(ids) for obj in self.get_queryset().filter(**{lookup: part})]
        self.instances = {getattr(obj, self.field.attribute): obj for obj in found}

    def get_instance(self, row):
        return self.instances.get(self.field.clean(row))


class LicenceNumbers:
    """Who holds which practice licence number while a file is imported: the advisers holding any of the
    file's numbers (one query), then each row in turn. It checks the unique-licence constraint for the
    whole file, duplicates within the file included, as Django's check would row by row (a query each)."""

    def __init__(self, numbers):
        numbers = {str(n or "").strip() for n in numbers} - {""}
        holders = [
            row
            for part in _chunks(numbers)
            for row in Adviser.objects.filter(licence_no__in=part).values_list("licence_no", "pk")
        ]
        self.holder = dict(holders)  # number → adviser id, or a new row's marker
        self.number = {pk: number for number, pk in self.holder.items()}

    def taken(self, instance) -> bool:
        number = (instance.licence_no or "").strip()
        return bool(number) and self.holder.get(number, instance.pk) != instance.pk

    def hold(self, instance) -> None:
        """The row will be saved: its adviser gives up the number it had and holds its new one."""
        owner = instance.pk or object()
        self.holder.pop(self.number.pop(owner, None), None)
        number = (instance.licence_no or "").strip()
        if number:
            self.holder[number], self.number[owner] = owner, number


def _strip(adviser) -> None:
    for name in ("licence_no", "affiliation", "specialties", "phone", "email"):
        setattr(adviser, name, (getattr(adviser, name) or "").strip())


class AdviserResource(FixedColumnsMixin, resources.ModelResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=SystemIdWidget())
    name = fields.Field(attribute="name", column_name="姓名或名称", widget=widgets.CharWidget())
    category = fields.Field(
        attribute="category", column_name="类别", widget=ChoiceLabelWidget(Adviser.Category.choices)
    )
    licence_no = fields.Field(attribute="licence_no", column_name="执业证号", widget=widgets.CharWidget())
    affiliation = fields.Field(attribute="affiliation", column_name="工作单位", widget=widgets.CharWidget())
    specialties = fields.Field(attribute="specialties", column_name="专业特长", widget=widgets.CharWidget())
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=widgets.CharWidget())
    email = fields.Field(attribute="email", column_name="电子邮箱", widget=widgets.CharWidget())

    class Meta:
        model = Adviser
        fields = ("id", "name", "category", "licence_no", "affiliation", "specialties", "phone", "email")
        import_id_fields = ("id",)
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = False
        # New advisers are inserted 1,000 at a time with their audit rows (bulk_create below); changed ones
        # are saved one by one (save_instance), so that the audit trail records each change.
        use_bulk = True
        instance_loader_class = FileInstanceLoader

    def import_data(self, dataset, dry_run=False, **kwargs):
        # The check (dry run) shows each row as a preview; the confirmed import shows none, so it skips the diff.
        self._meta = copy(type(self)._meta)
        self._meta.skip_diff = not dry_run
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def before_import(self, dataset, **kwargs):
        field = self.fields["licence_no"]
        cells = dataset[field.column_name] if field.column_name in (dataset.headers or []) else []
        self.licence_numbers = LicenceNumbers(field.widget.clean(cell) for cell in cells)
        super().before_import(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Django's checks, but the unique licence number against LicenceNumbers instead of a query per row."""
        errors = dict(import_validation_errors or {})
        _strip(instance)  # cells often carry spaces; the formats are checked on what will be saved
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            # The licence and phone formats were checked by full_clean (Adviser.clean, the phone validator):
            # their CHECK constraints would cost a query per row to say the same.
            instance.validate_constraints(exclude={*errors, "licence_no", "phone"})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if self.licence_numbers.taken(instance):
            unique = next(c for c in Adviser._meta.constraints if c.name == "adviser_licence_no_unique")
            errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(unique.get_violation_error_message()))
        if errors:
            raise ValidationError(errors)
        self.licence_numbers.hold(instance)

    def before_save_instance(self, instance, row, **kwargs):
        _strip(instance)
        if instance.jurisdiction_id is None:
            instance.jurisdiction = registry_for(kwargs.get("user"))

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create or (self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs)):
            super().save_instance(instance, is_create, row, **kwargs)
            return
        self.before_save_instance(instance, row, **kwargs)
        with transaction.atomic():  # a failing row must not abort the whole import's transaction
            self.do_instance_save(instance, is_create)
        self.after_save_instance(instance, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if not dry_run:  # the check is rolled back, audit rows and all
            audit_created([adviser for adviser in instances if adviser.pk])
            bump(Adviser)  # bulk_create sends no post_save: the cached statistics learn of the new advisers here
