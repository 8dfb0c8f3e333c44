from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.autocomplete import offer
from accounts.models import Unit
from accounts.once import OnceTokenMixin
from accounts.policy import visible
from advisers.models import Engagement
from reviews.grades import Grade
from ui.formatting import amount_validators, format_date

from .models import MONEY, BudgetLine, ItemType, Settlement
from .selectors import settleable_engagements
from .services import LineData

# The bounds are added per form instance (ui.formatting.amount_validators): "不能超过10,000.00元".
MONEY_FIELD = {"max_digits": MONEY["max_digits"], "decimal_places": MONEY["decimal_places"]}


def year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 4, -1)]


class BudgetRequestForm(OnceTokenMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("fiscal year"), coerce=int)
    title = forms.CharField(label=_("request title"), max_length=200)
    previous_year_amount = forms.DecimalField(
        label=_("previous year's fees (yuan)"),
        **MONEY_FIELD,
        help_text=_("The legal-service fees the unit spent in the previous fiscal year."),
    )
    justification = forms.CharField(label=_("justification"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["previous_year_amount"].validators += amount_validators()


class BudgetLineForm(forms.Form):
    item_type = forms.ChoiceField(label=_("item"), choices=ItemType.choices)
    quarter = forms.TypedChoiceField(
        label=_("quarter"), coerce=int, choices=BudgetLine._meta.get_field("quarter").choices
    )
    quantity = forms.DecimalField(label=_("quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    description = forms.CharField(label=_("description"), max_length=200, required=False)
    for_unit = forms.ModelChoiceField(
        label=_("for unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty for the unit itself; choose a secondary institution for centralised procurement."),
    )
    engagement = forms.ModelChoiceField(label=_("engagement"), queryset=Engagement.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.unit_id:
            self.fields["for_unit"].queryset = user.unit.subtree().exclude(pk=user.unit_id)
            self.fields["engagement"].queryset = visible(user, Engagement).select_related("adviser", "unit")

    def line_data(self) -> LineData:
        d = self.cleaned_data
        return LineData(
            item_type=d["item_type"],
            quarter=d["quarter"],
            quantity=d["quantity"],
            description=d["description"],
            for_unit=d["for_unit"],
            engagement=d["engagement"],
        )


class BaseLineFormSet(forms.BaseFormSet):
    """The unit and engagement choices are read once for the page, not once per line: each line's select
    would otherwise run its own query."""

    def __init__(self, *args, form_kwargs=None, **kwargs):
        super().__init__(*args, form_kwargs=form_kwargs, **kwargs)
        self._shared_choices = {}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name in ("for_unit", "engagement"):
            field = form.fields[name]
            if name not in self._shared_choices:
                self._shared_choices[name] = list(field.choices)
            field.choices = self._shared_choices[name]
        return form

    def line_data(self) -> list[LineData]:
        return [f.line_data() for f in self.forms if f.has_changed() and not self._should_delete_form(f)]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.line_data():
            raise ValidationError(_("Add at least one workload line."))


# One empty line to start with; "Add a line" (static/js/formset.js) adds more before saving. At most 200 lines,
# also in a forged POST (absolute_max: Django would otherwise build up to 1,200 forms for one request).
MAX_LINES = 200
LineFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseLineFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
)


class _VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LineAmountsForm(_VersionedForm):
    """One amount per line (the bureau's recommendation, or the finance bureau's approval)."""

    def __init__(self, *args, request_obj, cap_field: str, comment_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(request_obj.lines.all())
        self.fields["version"].initial = request_obj.version
        for line in self.lines:
            cap = getattr(line, cap_field)
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=f"{line.get_item_type_display()} {line.get_quarter_display()}",
                initial=cap,
                validators=amount_validators(maximum=cap),
                **MONEY_FIELD,
            )
        if comment_label:
            self.fields["comment"] = forms.CharField(label=comment_label, widget=forms.Textarea, required=False)

    def rows(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def line_amounts(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class ReturnForm(_VersionedForm):
    reason = forms.CharField(label=_("reason for returning"), widget=forms.Textarea)


class SubmitForm(_VersionedForm):
    pass


class StatisticsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("fiscal year"), coerce=int)
    through_quarter = forms.TypedChoiceField(
        label=_("period"),
        coerce=int,
        initial=3,
        choices=[(1, _("Q1")), (2, _("Q1–Q2")), (3, _("Q1–Q3")), (4, _("Full year"))],
    )
    units = forms.ModelMultipleChoiceField(
        label=_("units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty for every budget unit you may see."),
    )

    def __init__(self, *args, units, default_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = {y for y, _label in year_choices()} | {default_year}
        self.fields["year"].choices = [(y, str(y)) for y in sorted(years, reverse=True)]
        self.fields["year"].initial = default_year
        self.fields["units"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


def engagement_label(engagement) -> str:
    """An adviser can hold several terms at one unit: the term tells them apart."""
    return f"{engagement} {format_date(engagement.start_date)}—{format_date(engagement.end_date)}"


class SettlementPrepareForm(OnceTokenMixin, forms.Form):
    engagement = forms.ModelChoiceField(
        label=_("engagement"),
        queryset=Engagement.objects.none(),
        error_messages={
            "invalid_choice": _(
                "Choose an engagement funded by an approved budget line: without one there is nothing to settle."
            )
        },
    )
    year = forms.TypedChoiceField(label=_("fiscal year"), coerce=int)
    # No default: the grade is the completed assessment's, and without one somebody must choose it.
    grade = forms.ChoiceField(
        label=_("assessment grade"),
        choices=[("", _("Only without a completed assessment"))] + Grade.choices,
        required=False,
        help_text=_(
            "Taken from the completed annual assessment; only without one choose the grade and give the reason."
        ),
    )
    reason = forms.CharField(
        label=_("why by hand"), required=False, max_length=500, widget=forms.TextInput(attrs={"size": 30})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["engagement"].label_from_instance = engagement_label
        offer(
            self.fields["engagement"],
            self.engagements(user),
            source=Settlement._meta.get_field("engagement"),
            url=reverse("budgets:settlement_engagement_choices"),
        )

    @staticmethod
    def engagements(user):
        """Those of the offered years' approved budgets, as far as the user may see them."""
        return settleable_engagements(user=user, years=[year for year, _label in year_choices()])
