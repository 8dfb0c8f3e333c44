"""Every write of the reviews app goes through these functions (HackSoft style)."""

from .assessments import assessment_complete, assessment_save, scheme_for_year
from .duty_reports import duty_report_attach, duty_report_return, duty_report_save, duty_report_submit
from .inspections import feedback_letter_compose, inspection_send_letter, rectification_answer, rectification_close
from .work_reports import work_report_accept, work_report_return, work_report_save, work_report_submit

__all__ = [
    "assessment_complete",
    "assessment_save",
    "duty_report_attach",
    "duty_report_return",
    "duty_report_save",
    "duty_report_submit",
    "feedback_letter_compose",
    "inspection_send_letter",
    "rectification_answer",
    "rectification_close",
    "scheme_for_year",
    "work_report_accept",
    "work_report_return",
    "work_report_save",
    "work_report_submit",
]
