from django import forms
from django.utils.translation import gettext_lazy as _

from .uploads import validate_pdf_upload


class SignedFileForm(forms.Form):
    signed_file = forms.FileField(
        label=_("signed contract (PDF)"),
        validators=[validate_pdf_upload],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
