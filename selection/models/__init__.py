from .notices import (
    ApplicantKind,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    NoticePosition,
    SelectionNotice,
)
from .panel import (
    AppointmentLetter,
    Criterion,
    Objection,
    Panel,
    PanelMember,
    Proposed,
    Score,
    ScoreChange,
    ScoreSheet,
)

__all__ = [
    "ApplicantKind",
    "Application",
    "ApplicationDocument",
    "AppointmentLetter",
    "ConflictDeclaration",
    "Criterion",
    "NoticePosition",
    "Objection",
    "Panel",
    "PanelMember",
    "Proposed",
    "Score",
    "ScoreChange",
    "ScoreSheet",
    "SelectionNotice",
]
