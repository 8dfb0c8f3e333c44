"""Reading what the report pages return: the text of a PDF, an export request."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def export(client, key: str, **params):
    from django.urls import reverse

    return client.get(reverse("reports:export", args=[key]), params)
