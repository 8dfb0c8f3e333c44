"""Uploaded documents (signed contracts, report attachments): checked, stored under generated names,
served only through a view that has asked the policy.

Reusable by other apps: put `validate_pdf_upload` on the form field (or call it in the service),
`UuidUploadTo("folder")` as the FileField's `upload_to`, and answer downloads with `attachment_response`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"


@deconstructible
class UuidUploadTo:
    """`upload_to` that ignores the uploader's file name: `<folder>/<yyyy>/<uuid4>.pdf`."""

    def __init__(self, folder: str, extension: str = ".pdf"):
        self.folder = folder
        self.extension = extension

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        return str(PurePosixPath(self.folder) / str(timezone.localdate().year) / f"{uuid.uuid4().hex}{self.extension}")

    def __eq__(self, other):
        return isinstance(other, UuidUploadTo) and (self.folder, self.extension) == (other.folder, other.extension)


def validate_pdf_upload(upload) -> None:
    """Refuse anything that is not a real, readable PDF within MAX_UPLOAD_SIZE, whatever its name or type says."""
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    # The header may follow a little leading junk (the PDF spec tolerates up to 1 KiB of it).
    if PDF_MAGIC not in head:
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(upload, strict=False)
        pages = len(reader.pages)
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, OSError, AttributeError, RecursionError):
        raise ValidationError(_("The PDF file is damaged and cannot be opened."), code="damaged") from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError(_("The PDF file has no pages."), code="no_pages")


def attachment_response(fieldfile, download_name: str) -> FileResponse:
    """Send a stored file as a download: never rendered inline, never content-sniffed."""
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
