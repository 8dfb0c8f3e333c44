"""The appointment letter (聘书) as a PDF in the official format (reports' GB/T 9704 base template): the issuer's red
mark, the letter number, the appointee, the unit and the term, the issuer and the date."""

from __future__ import annotations

from django.utils.translation import gettext

from reports.pdf import RenderedPdf, render_pdf
from selection.models import AppointmentLetter


def render_letter(letter: AppointmentLetter) -> RenderedPdf:
    engagement = letter.engagement
    return render_pdf(
        "selection/panel/appointment_letter.html",
        {
            "title": gettext("Letter of appointment"),
            "letter": letter,
            "engagement": engagement,
            "issuer": letter.issuer.name,
            "issued_on": letter.issued_on,
            "counted_pages": False,
        },
    )


def filename(letter: AppointmentLetter) -> str:
    """株政聘〔2026〕3号-唐立新聘书.pdf"""
    return gettext("%(number)s-%(name)s letter of appointment.pdf") % {
        "number": letter.code,
        "name": letter.engagement.adviser.name,
    }
