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
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

PDF_MAGIC = b"%PDF-"


@deconstructible
class UuidUploadTo:
    """`upload_to` that ignores the uploader's file name: `<folder>/<yyyy>/<uuid4>.pdf`."""

    def __init__(self, folder: str, extension: str = ".pdf"):
        self.folder = folder
        self.extension = extension

    def __call__(self, instance, filename: str) -> str:
        return str(PurePosixPath(self.folder) / str(timezone.localdate().year) / f"{uuid.uuid4().hex}{self.extension}")

    def __eq__(self, other):
        return isinstance(other, UuidUploadTo) and (self.folder, self.extension) == (other.folder, other.extension)


# Dictionary keys and action types that make a PDF do something when opened: scripts, launching programs,
# carried files, XFA forms (which script themselves) and embedded multimedia.
SCRIPT_KEYS = {"/JS", "/JavaScript"}
PROGRAM_ACTIONS = {"/Launch", "/ImportData", "/RichMediaExecute", "/GoToE"}
EMBEDDED_FILE_KEYS = {"/EF", "/EmbeddedFiles"}
FORM_AND_MEDIA_KEYS = {"/XFA", "/RichMedia"}
# A walk over more objects than any document within MAX_UPLOAD_SIZE plausibly has is refused, not waited for.
MAX_PDF_OBJECTS = 200_000


def validate_pdf_upload(upload) -> None:
    """Refuse anything that is not a real, readable PDF within MAX_UPLOAD_SIZE, whatever its name or type says,
    and any PDF that can run or carry something when opened."""
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
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    # At byte 0 exactly: readers that tolerate leading junk would open an HTML page with "%PDF-" further on.
    if head != PDF_MAGIC:
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
    try:
        reader = PdfReader(upload, strict=True)
        pages = len(reader.pages)
        active = _active_content(reader)
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, OSError, AttributeError, RecursionError):
        raise ValidationError(_("The PDF file is damaged and cannot be opened."), code="damaged") from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError(_("The PDF file has no pages."), code="no_pages")
    if active:
        raise ValidationError(
            _(
                "The PDF contains %(what)s, which is not accepted. Print it to a new PDF "
                "(or save it as PDF/A) and upload that."
            )
            % {"what": active},
            code="active_content",
        )


def _active_content(reader: PdfReader) -> str:
    """What active content the document holds (a translated phrase), or "" when none: every object reachable
    from the trailer is looked at, compressed object streams included (pypdf decodes `#xx` in names)."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(node, DictionaryObject):
            keys = set(node.keys())
            if keys & SCRIPT_KEYS or node.get("/S") == "/JavaScript":
                return _("JavaScript")
            if node.get("/S") in PROGRAM_ACTIONS or "/Launch" in keys:
                return _("an action that starts a program or loads data")
            if keys & EMBEDDED_FILE_KEYS or node.get("/Type") == "/EmbeddedFile":
                return _("embedded files")
            if keys & FORM_AND_MEDIA_KEYS:
                return _("an XFA form or multimedia")
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return ""


def attachment_response(fieldfile, download_name: str) -> FileResponse:
    """Send a stored file as a download named `download_name` (made from the record, never the uploader's
    name; FileResponse writes RFC 6266 `filename*` for non-ASCII names): never inline, never content-sniffed."""
    if not download_name.lower().endswith(".pdf"):
        download_name += ".pdf"
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
