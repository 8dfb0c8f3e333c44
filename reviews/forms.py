from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.once import OnceTokenMixin

from .grades import Grade
from .models import Decision, RectificationItem, UnitWorkReport, VetoItem
from .selectors import OVERDUE, TO_COMPLETE, ReportState


class DutyReportForm(OnceTokenMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the year's work"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        required=False,
        help_text=_("What the adviser did this year; the counts below are filled in from the duty records."),
    )


class ReturnForm(forms.Form):
    return_reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("What the adviser should correct; they are told, and the report can be submitted again."),
        error_messages={"required": _("Give the reason for returning the report.")},
    )


class AttachmentForm(OnceTokenMixin, forms.Form):
    file = forms.FileField(label=_("Attachment (PDF)"))


class AssessmentForm(OnceTokenMixin, forms.Form):
    """Two scores per criterion of the year's scheme, the veto items and comments."""

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        for criterion in self.criteria:
            own, unit = initial_scores.get(criterion.pk, (None, None))
            for prefix, label, value in (("self", _("self-score"), own), ("unit", _("unit score"), unit)):
                self.fields[f"{prefix}_{criterion.pk}"] = forms.DecimalField(
                    label=f"{criterion.name} · {label}",
                    min_value=Decimal("0"),
                    max_value=Decimal("100"),
                    max_digits=5,
                    decimal_places=2,
                    initial=value,
                )
        self.fields["vetoes"] = forms.ModelMultipleChoiceField(
            label=_("Veto items (any one forces the grade Incompetent)"),
            queryset=VetoItem.objects.filter(is_active=True),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["comments"] = forms.CharField(
            label=_("Comments"), widget=forms.Textarea(attrs={"rows": 4}), required=False
        )

    def rows(self):
        return [(c, self[f"self_{c.pk}"], self[f"unit_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[Decimal, Decimal]]:
        data = self.cleaned_data
        return {c.pk: (data[f"self_{c.pk}"], data[f"unit_{c.pk}"]) for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("I confirm: a completed assessment cannot be changed."))

    def __init__(self, *args, grade=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.grade = grade

    def clean_decision(self):
        decision = self.cleaned_data["decision"]
        if self.grade == Grade.INCOMPETENT and decision == Decision.RENEW:
            raise ValidationError(_("An adviser graded Incompetent cannot be renewed."))
        return decision


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"))


class WorkReportForm(OnceTokenMixin, forms.Form):
    summary = forms.CharField(
        label=pgettext_lazy("report", "Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        required=False,
    )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))], widget=forms.HiddenInput)
    return_reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not (data.get("return_reason") or "").strip():
            self.add_error("return_reason", _("Give the reason for returning the report."))
        return data


class LetterForm(forms.Form):
    feedback_letter = forms.CharField(
        label=_("Feedback letter"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20000
    )
    confirm = forms.BooleanField(label=_("Send the letter to the unit now"))


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("What your unit has done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


def year_choices(first: int, last: int):
    return [(y, str(y)) for y in range(last, first - 1, -1)]


class ListFilterForm(forms.Form):
    """Year, state and search on the list pages; bad values fall back to the defaults, never an error page."""

    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    state = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=100)

    def value(self, name, default=None):
        if self.is_valid():
            return self.cleaned_data.get(name) or default
        return default


STATE_CHOICES = [
    ("", _("All")),
    (ReportState.OWED, _("Not submitted")),
    (ReportState.OVERDUE, _("Overdue")),
    (ReportState.DRAFT, _("Draft")),
    (ReportState.RETURNED, _("Returned for correction")),
    (ReportState.ON_TIME, _("Submitted on time")),
    (ReportState.LATE, _("Submitted late")),
]
GRADE_FILTER_CHOICES = [("", _("All")), ("none", _("Not assessed")), (TO_COMPLETE, _("To complete")), *Grade.choices]
WORK_STATUS_CHOICES = [("", _("All")), *UnitWorkReport.Status.choices]
RECTIFICATION_STATUS_CHOICES = [("", _("All")), *RectificationItem.Status.choices, (OVERDUE, _("Overdue"))]
