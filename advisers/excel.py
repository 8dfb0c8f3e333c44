"""Excel (xlsx) import and export with Chinese column headers, shared by the registry's admin pages.

Headers are a file format that bureau staff exchange with units, so they are fixed Chinese text
(not translated with the interface). Every resource imports all-or-nothing: the admin rolls the
whole file back when any row is invalid and lists each bad row with its reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from accounts.credit_code import validate_credit_code
from accounts.models import Unit

from .models import Adviser

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


class UnitResource(resources.ModelResource):
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


class AdviserResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
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

    def before_save_instance(self, instance, row, **kwargs):
        for name in ("licence_no", "affiliation", "specialties", "phone", "email"):
            setattr(instance, name, (getattr(instance, name) or "").strip())
