"""Upload rules for PDF attachments: a size limit, real PDF content, and serving only after a permission check.

The contracts app has the same rules for signed contracts; the two are to be merged into one module.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_MAGIC = b"%PDF-"


def validate_pdf(upload) -> None:
    """Raise ValidationError unless `upload` is a readable PDF within MAX_UPLOAD_SIZE.

    The name and the browser's content type are not trusted: the bytes must start like a PDF and
    pypdf must be able to read at least one page.
    """
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)}
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("The file is not a PDF document."))
    try:
        pages = len(PdfReader(upload).pages)
    except (PyPdfError, ValueError, OSError, KeyError, TypeError):
        pages = 0
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(_("The PDF file is damaged or empty and cannot be read."))


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Send a stored file as a download; callers have already checked the user may see it."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
