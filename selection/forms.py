from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from accounts.once import OnceTokenMixin

from .models import ApplicantKind, Application, ApplicationDocument, ConflictDeclaration, SelectionNotice
from .services import APPLICATION_FIELDS, NOTICE_FIELDS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class RegistrationForm(forms.Form):
    """No one-time token: the account is keyed by its address, so a form sent twice makes one account."""

    email = forms.EmailField(
        label=_("Email"), max_length=150, help_text=_("The confirmation link is sent here; it is also your username.")
    )
    last_name = forms.CharField(label=_("Family name"), max_length=50)
    first_name = forms.CharField(label=_("Given name"), max_length=50)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class ConfirmAccountForm(forms.Form):
    """The link's page asks for one click (a POST), so a mail scanner that opens links confirms nothing."""


class ApplicationForm(OnceTokenMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = list(APPLICATION_FIELDS)
        widgets = {"disciplinary_record": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"licence_no": _("Lawyers: the 17-digit number; law firms: the firm's licence number.")}

    def __init__(self, *args, notice: SelectionNotice, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = set(notice.positions.values_list("kind", flat=True))
        self.fields["kind"].choices = [(value, label) for value, label in ApplicantKind.choices if value in kinds]

    def validate_unique(self):
        """The service turns a duplicate into a clear error; the form's query would only repeat it."""


class DocumentForm(OnceTokenMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF)"))


class ConflictForm(OnceTokenMixin, forms.ModelForm):
    class Meta:
        model = ConflictDeclaration
        fields = ["kind", "description", "counterparty", "case_number"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that this application and my declarations of possible conflicts are complete and true."),
        required=False,
    )


class NoticeForm(OnceTokenMixin, forms.ModelForm):
    round = forms.ModelChoiceField(label=_("Re-selection round"), queryset=None)
    scholars = forms.IntegerField(label=_("Places for legal scholars"), min_value=0, max_value=200, initial=0)
    lawyers = forms.IntegerField(label=_("Places for practising lawyers"), min_value=0, max_value=200, initial=0)
    law_firms = forms.IntegerField(label=_("Places for law firms"), min_value=0, max_value=200, initial=0)

    POSITION_FIELDS = {
        "scholars": ApplicantKind.SCHOLAR,
        "lawyers": ApplicantKind.LAWYER,
        "law_firms": ApplicantKind.LAW_FIRM,
    }

    class Meta:
        model = SelectionNotice
        fields = list(NOTICE_FIELDS)
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "other_requirements": forms.Textarea(attrs={"rows": 3}),
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        }
        help_texts = {
            "opens_at": _("Beijing time."),
            "closes_at": _("Beijing time; an application sent within this minute's first second is on time."),
        }

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["round"]
            for name, kind in self.POSITION_FIELDS.items():
                self.fields[name].initial = next((p.count for p in self.instance.positions.all() if p.kind == kind), 0)
        else:
            self.fields["round"].queryset = rounds
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def positions(self) -> dict[str, int]:
        return {kind: self.cleaned_data.get(name) or 0 for name, kind in self.POSITION_FIELDS.items()}


class ApplicationFilterForm(forms.Form):
    """Search and state on the bureau's list; bad values fall back to none, never an error page."""

    q = forms.CharField(required=False, max_length=100)
    state = forms.ChoiceField(required=False, choices=[("", _("All")), *Application.State.choices])

    def value(self, name):
        return self.cleaned_data.get(name, "") if self.is_valid() else ""
