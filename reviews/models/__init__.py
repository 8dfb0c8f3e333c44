from .assessments import Assessment, AssessmentCriterion, AssessmentScheme, AssessmentScore, Decision, VetoItem
from .duty_reports import DutyReport, DutyReportAttachment, report_deadline
from .inspections import Dimension, InspectionCampaign, RectificationItem, UnitInspection
from .reminders import ReminderKind, ReminderLog
from .work_reports import UnitWorkReport

__all__ = [
    "Assessment",
    "AssessmentCriterion",
    "AssessmentScheme",
    "AssessmentScore",
    "Decision",
    "Dimension",
    "DutyReport",
    "DutyReportAttachment",
    "InspectionCampaign",
    "RectificationItem",
    "ReminderKind",
    "ReminderLog",
    "UnitInspection",
    "UnitWorkReport",
    "VetoItem",
    "report_deadline",
]
