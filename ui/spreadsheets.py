"""Every xlsx the system writes (the portal's exports and the admin's django-import-export exports) goes
through `append_row`, so that user text is never a formula (CSV/formula injection, OWASP).

A string that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is stored as a string cell with
Excel's "quote prefix" (as if typed with a leading apostrophe): shown as typed, not evaluated, and still
text after someone edits the cell. Numbers, dates and Decimals are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from import_export.formats.base_formats import XLSX
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _clean(text: str) -> str:
    # Control characters openpyxl refuses to write (a pasted form feed would otherwise fail the export).
    return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", text)


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """`sheet.append(values)`, with every string written as text (never a formula)."""
    sheet.append([_clean(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True


class SafeXLSX(XLSX):
    """django-import-export's xlsx format, written through `append_row` (tablib would make `=…` a formula)."""

    def export_data(self, dataset, **kwargs) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        if dataset.title:
            sheet.title = dataset.title[:31]
        if dataset.headers:
            append_row(sheet, dataset.headers)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for row in dataset:
            append_row(sheet, row)
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
