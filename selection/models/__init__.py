from .notices import (
    ApplicantKind,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    NoticePosition,
    SelectionNotice,
)

__all__ = [
    "ApplicantKind",
    "Application",
    "ApplicationDocument",
    "ConflictDeclaration",
    "NoticePosition",
    "SelectionNotice",
]
