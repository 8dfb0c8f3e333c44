from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.autocomplete import offer
from accounts.models import Unit
from accounts.once import OnceTokenMixin
from accounts.policy import ADD, home_unit_id, policy_for, visible

from .models import (
    Adviser,
    ConflictFinding,
    Dispute,
    Engagement,
    ExecutiveMeeting,
    Lecture,
    LegalOpinion,
    ReselectionCandidate,
    ReselectionRound,
)
from .policies import RECORD_AT_MEETING

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedRecordForm(forms.ModelForm):
    """Units and advisers offered are those the user may see: an officer records for their own unit only."""

    adviser_field = "adviser"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        model = self._meta.model
        units = visible(user, Unit).order_by("path")
        offer(self.fields["unit"], units, user=user, source=model._meta.get_field("unit"))
        offer(
            self.fields[self.adviser_field],
            visible(user, Adviser).order_by("name", "pk"),
            user=user,
            source=model._meta.get_field(self.adviser_field),
        )
        if home_unit_id(user) and not self.instance.pk:
            self.initial.setdefault("unit", home_unit_id(user))


class OpinionForm(OnceTokenMixin, ScopedRecordForm):
    class Meta:
        model = LegalOpinion
        fields = [
            "adviser",
            "unit",
            "date",
            "matter_type",
            "source",
            "meeting",
            "subject",
            "content",
            "adoption",
            "non_adoption_reason",
        ]
        widgets = {
            "date": DATE,
            "content": forms.Textarea(attrs={"rows": 4}),
            "non_adoption_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"non_adoption_reason": _("Required when the opinion is not adopted.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if policy_for(LegalOpinion).can(user, RECORD_AT_MEETING):
            meetings = visible(user, ExecutiveMeeting).order_by("-date", "-session_number")
            offer(self.fields["meeting"], meetings, user=user, source=LegalOpinion._meta.get_field("meeting"))
        else:
            # Opinions at executive meetings are recorded by the bureau with the meeting's attendance.
            self.fields["source"].choices = [(LegalOpinion.Source.WRITTEN, LegalOpinion.Source.WRITTEN.label)]
            del self.fields["meeting"]
        # A new record's instance carries date=None in `initial`, so setdefault would keep the blank.
        if not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()


class LectureForm(OnceTokenMixin, ScopedRecordForm):
    adviser_field = "speaker"

    class Meta:
        model = Lecture
        fields = ["speaker", "unit", "date", "topic", "audience"]
        widgets = {"date": DATE}


class ProposalForm(OnceTokenMixin, forms.ModelForm):
    """An adviser proposes its own work: only for the units that engage it (the service checks the date)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        engaged = visible(user, Engagement).values("unit_id")
        units = Unit.objects.filter(pk__in=engaged).order_by("path")
        offer(self.fields["unit"], units, user=user, source=self._meta.model._meta.get_field("unit"))
        if not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()


class OpinionProposalForm(ProposalForm):
    kind = "opinions"

    class Meta:
        model = LegalOpinion
        fields = ["unit", "date", "matter_type", "subject", "content"]
        widgets = {"date": DATE, "content": forms.Textarea(attrs={"rows": 4})}


class LectureProposalForm(ProposalForm):
    kind = "lectures"

    class Meta:
        model = Lecture
        fields = ["unit", "date", "topic", "audience"]
        widgets = {"date": DATE}


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    decline_reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("decline_reason") or "").strip():
            self.add_error("decline_reason", _("Give the reason for declining the proposal."))
        return data


class RoundForm(OnceTokenMixin, forms.ModelForm):
    class Meta:
        model = ReselectionRound
        fields = ["unit", "title", "role", "selection_method", "opened_on", "new_term_start", "new_term_end", "note"]
        widgets = {
            "opened_on": DATE,
            "new_term_start": DATE,
            "new_term_end": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer(
            self.fields["unit"],
            visible(user, Unit).order_by("path"),
            user=user,
            source=ReselectionRound._meta.get_field("unit"),
        )
        if home_unit_id(user):
            self.initial.setdefault("unit", home_unit_id(user))
        self.initial.setdefault("opened_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        start, end = data.get("new_term_start"), data.get("new_term_end")
        if start and end and end <= start:
            self.add_error("new_term_end", _("The new term must end after it starts."))
        return data


class CandidateForm(OnceTokenMixin, forms.Form):
    adviser = forms.ModelChoiceField(label=_("adviser"), queryset=Adviser.objects.none())
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, round_: ReselectionRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        # Searched through the round's own URL: the admin's search is the user's policy scope, not the pool.
        offer(
            self.fields["adviser"],
            self.pool(),
            source=ReselectionCandidate._meta.get_field("adviser"),
            url=reverse("advisers:round_candidate_choices", args=[round_.pk]),
        )

    @staticmethod
    def pool():
        """The registry is the city's pool of advisers: any registered adviser may stand (names only are shown)."""
        return Adviser.objects.order_by("name", "pk")

    def clean_adviser(self):
        adviser = self.cleaned_data["adviser"]
        if ReselectionCandidate.objects.filter(round=self.round, adviser=adviser).exists():
            raise forms.ValidationError(_("This adviser is already a candidate in this round."))
        return adviser


class DecideForm(forms.Form):
    selected = forms.ModelMultipleChoiceField(
        label=_("selected candidates"),
        queryset=ReselectionCandidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    decided_on = forms.DateField(label=_("decided on"), widget=DATE)
    letter_issuer = forms.CharField(label=_("appointment letter issuer"), max_length=100, required=False)
    confirm = forms.BooleanField(
        label=_("I understand that the decision creates the new engagements and cannot be undone here."), required=True
    )

    def __init__(self, *args, round_: ReselectionRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = round_.candidates.select_related("adviser")
        self.fields["selected"].label_from_instance = lambda c: c.adviser.name
        self.initial.setdefault("decided_on", timezone.localdate())


class StatisticsFilterForm(forms.Form):
    date_from = forms.DateField(label=_("from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE)
    role = forms.ChoiceField(label=_("role"), required=False, choices=[("", _("All"))] + list(Engagement.Role.choices))
    q = forms.CharField(label=_("search"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return data


class DisputeForm(OnceTokenMixin, forms.ModelForm):
    """A case of the unit's register; the units offered are those the user may record for."""

    class Meta:
        model = Dispute
        fields = [
            "unit",
            "case_number",
            "forum",
            "counterparty",
            "counterparty_lawyer",
            "counterparty_firm",
            "status",
            "filed_on",
            "closed_on",
        ]
        widgets = {"filed_on": DATE, "closed_on": DATE}
        help_texts = {"closed_on": _("Only for a closed case.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = policy_for(Unit).scope(user, Unit.objects.all(), action=ADD).order_by("path")
        offer(self.fields["unit"], units, user=user, source=Dispute._meta.get_field("unit"))
        # A new record's instance carries unit=None in `initial`, so setdefault would keep the blank.
        if home_unit_id(user) and not self.instance.pk and not self.initial.get("unit"):
            self.initial["unit"] = home_unit_id(user)


class ConflictDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("", "---------"),
            (ConflictFinding.Status.CLEARED, _("Clear: no conflict stands in the way of the engagement")),
            (ConflictFinding.Status.UPHELD, _("Uphold: the engagement ends for a conflict of interest")),
        ],
    )
    reason = forms.CharField(
        label=_("reason for the decision"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The unit's officers read it in their notice; it is kept in the audit trail."),
    )
