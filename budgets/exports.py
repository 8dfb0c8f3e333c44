"""The finance bureau's approval queue as an xlsx workbook with Chinese headers."""

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.trail import record_event
from ui.downloads import as_download
from ui.formatting import format_date, format_datetime
from ui.spreadsheets import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def queue_workbook(queryset) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Approval queue")
    headers = [
        _("budget unit"),
        _("fiscal year"),
        _("request title"),
        _("number of lines"),
        _("requested amount (yuan)"),
        _("recommended amount (yuan)"),
        _("review comment"),
        _("submitted by"),
        _("reviewed by"),
        _("reviewed at"),
    ]
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for obj in queryset:
        append_row(
            sheet,
            [
                obj.unit.name,
                obj.year,
                obj.title,
                obj.line_count,
                obj.requested_amount,
                obj.recommended_amount,
                obj.review_comment,
                obj.submitted_by.name_with_role if obj.submitted_by else "",
                obj.reviewed_by.name_with_role if obj.reviewed_by else "",
                format_datetime(obj.reviewed_at),
            ],
        )
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "#,##0.00"
    for column, width in zip("ABCDEFGHIJ", [28, 8, 36, 8, 16, 16, 40, 24, 24, 18], strict=True):
        sheet.column_dimensions[column].width = width
    return workbook


def queue_workbook_response(*, user, queryset) -> HttpResponse:
    buffer = BytesIO()
    queue_workbook(queryset).save(buffer)
    record_event(actor=user, event="export_xlsx", report="budget_approval_queue", rows=queryset.count())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    as_download(response, _("Fee approval queue %(date)s.xlsx") % {"date": format_date(timezone.localdate())})
    return response
