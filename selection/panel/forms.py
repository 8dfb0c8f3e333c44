"""Forms of the panel's half of a selection; each hands its cleaned data to one service."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.once import OnceTokenMixin
from selection.models import AppointmentLetter, Criterion, Objection, Panel, Proposed

from .policies import panel_candidates
from .scoring import HUNDRED

SCORE_FIELD = "criterion_%s"


class ReviewForm(forms.Form):
    DECISIONS = [("eligible", _("Eligible")), ("rejected", _("Not eligible"))]

    decision = forms.ChoiceField(label=_("Eligibility"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (when not eligible)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads it in the notice they receive."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "rejected" and not data.get("reason", "").strip():
            self.add_error("reason", gettext("Give the reason why the application is not eligible."))
        return data


class PanelSettingsForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = ["drop_extremes", "drop_extremes_from"]


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Evaluator"), queryset=get_user_model().objects.none())

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(panel_candidates())
            .exclude(panel_seats__panel__notice=notice)
            .order_by("last_name", "first_name", "username")
        )


class CriterionForm(OnceTokenMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "weight", "order"]


class DeclarationForm(forms.Form):
    CHOICES = [("no", _("I have no conflict of interest with this applicant")), ("yes", _("I have a conflict"))]

    conflict = forms.ChoiceField(label=_("Conflict of interest"), choices=CHOICES, widget=forms.RadioSelect)
    conflict_note = forms.CharField(
        label=_("The conflict (when you have one)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("With a conflict you abstain: you do not score this applicant."),
    )

    def clean(self):
        data = super().clean()
        if data.get("conflict") == "yes" and not data.get("conflict_note", "").strip():
            self.add_error("conflict_note", gettext("Describe the conflict of interest."))
        return data


class ScoreForm(forms.Form):
    """One field per criterion (0–100); a submitted sheet also asks the reason for a change."""

    def __init__(self, *args, criteria, locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.locked = locked
        for criterion in self.criteria:
            self.fields[SCORE_FIELD % criterion.pk] = forms.DecimalField(
                label=str(criterion),
                required=False,
                max_digits=5,
                decimal_places=2,
                validators=[MinValueValidator(0), MaxValueValidator(HUNDRED)],
            )
        if locked:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the change"),
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("The scores are submitted and locked; every change is recorded with its reason."),
            )

    def values(self) -> dict:
        return {criterion.pk: self.cleaned_data.get(SCORE_FIELD % criterion.pk) for criterion in self.criteria}


class PublicityForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Public announcement starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    applications = forms.TypedMultipleChoiceField(
        label=_("Proposed for appointment"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate
        self.fields["applications"].choices = [
            (
                r.application_id,
                gettext("No. %(rank)s %(name)s — %(score)s%(tied)s")
                % {
                    "rank": r.rank,
                    "name": r.application.name,
                    "score": r.score,
                    "tied": gettext(" (tied)") if r.tied else "",
                },
            )
            for r in results
            if r.score is not None
        ]


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["concerning", "name", "contact", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerning"].queryset = Proposed.objects.filter(notice=notice).select_related("application")
        self.fields["concerning"].label_from_instance = lambda row: row.application.name
        self.fields["concerning"].empty_label = gettext("The whole list")


class AnswerForm(forms.Form):
    OUTCOMES = [
        ("dismissed", pgettext_lazy("objection", "Dismissed")),
        ("upheld", pgettext_lazy("objection", "Upheld")),
    ]

    outcome = forms.ChoiceField(label=_("Answer"), choices=OUTCOMES, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AppointmentForm(forms.Form):
    issuer_title = forms.ChoiceField(label=_("Signed as"), choices=AppointmentLetter.IssuerTitle.choices)
    signatory = forms.CharField(label=_("Signed by"), max_length=50)
    prefix = forms.CharField(label=_("Letter number prefix"), max_length=20, help_text=_("For example 株政聘."))
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, prefix_initial: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefix"].initial = prefix_initial
        self.fields["issued_on"].initial = timezone.localdate
