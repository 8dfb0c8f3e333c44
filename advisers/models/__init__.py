from .config import AdviserSettings
from .conflicts import ConflictFinding, Dispute
from .duty import Confirmation, ExecutiveMeeting, InspectionParticipation, Lecture, LegalOpinion, MeetingAttendance
from .registry import Adviser, Engagement, SelectionMethod
from .reselection import ReselectionCandidate, ReselectionRound

__all__ = [
    "Adviser",
    "AdviserSettings",
    "ConflictFinding",
    "Dispute",
    "Confirmation",
    "Engagement",
    "ExecutiveMeeting",
    "InspectionParticipation",
    "Lecture",
    "LegalOpinion",
    "MeetingAttendance",
    "ReselectionCandidate",
    "ReselectionRound",
    "SelectionMethod",
]
