"""Named benchmark entries besides pages: PDF rendering, the reminder sweep, the adviser import.

Each entry is registered by name and returns its figures, or raises `NotAvailable` while the code it
measures is not in the project yet; the table then says "not available" instead of a figure.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext


class NotAvailable(Exception):
    pass


@dataclass
class EntryResult:
    name: str
    title: str
    status: str  # "ok" or "not available"
    seconds: float | None = None
    target_s: float | None = None
    queries: int | None = None
    detail: dict = field(default_factory=dict)
    note: str = ""

    @property
    def meets(self) -> bool | None:
        if self.seconds is None or self.target_s is None:
            return None
        return self.seconds <= self.target_s


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    function: Callable[[], EntryResult]


ENTRIES: list[Entry] = []


def entry(name: str, title: str):
    def decorate(function):
        ENTRIES.append(Entry(name, title, function))
        return function

    return decorate


def run_entries(names=None, log=print) -> list[EntryResult]:
    results = []
    for item in ENTRIES:
        if names and item.name not in names:
            continue
        try:
            result = item.function()
        except NotAvailable as missing:
            result = EntryResult(item.name, item.title, "not available", note=str(missing))
        result.name, result.title = item.name, item.title
        log(f"{item.name:<28} {result.status:<14} {'' if result.seconds is None else f'{result.seconds:.2f} s':>10}  {result.note}")
        results.append(result)
    return results


# -- PDF --------------------------------------------------------------------------------------------


def _time(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def _pdf_figures(template: str, context: dict, repeat: int) -> EntryResult:
    """render_pdf (template + engine) against WeasyPrint alone on the same pre-rendered HTML."""
    from weasyprint import HTML

    from reports.pdf import BASE_URL, StaticOnlyFetcher, render_pdf

    html = render_to_string(template, context)
    pages = render_pdf(template, context).pages  # warm-up: fonts loaded once per process
    ours = _time(lambda: render_pdf(template, context), repeat)
    alone = _time(lambda: HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(), repeat)
    template_only = _time(lambda: render_to_string(template, context), repeat)
    ours_s, alone_s = statistics.median(ours), statistics.median(alone)
    return EntryResult(
        "", "", "ok", seconds=round(ours_s, 3),
        detail={
            "pages": pages, "render_pdf_s": round(ours_s, 3), "weasyprint_alone_s": round(alone_s, 3),
            "template_s": round(statistics.median(template_only), 4), "overhead_pct": round((ours_s / alone_s - 1) * 100, 1),
        },
        note=f"{pages} page(s): render_pdf {ours_s:.2f} s, WeasyPrint alone {alone_s:.2f} s",
    )


@entry("pdf_one_page", "PDF: one-page document")
def pdf_one_page() -> EntryResult:
    context = {"title": "关于法律顾问工作情况的报告", "paragraphs": ["根据工作安排，现将本年度法律顾问工作情况报告如下。"] * 6,
               "issued_on": date(2025, 12, 31), "counted_pages": False}
    return _pdf_figures("reports/document.html", context, repeat=5)


@entry("pdf_1000_rows", "PDF: 1,000-row table")
def pdf_1000_rows() -> EntryResult:
    rows = [{"unit": f"湖南省某市第{i}单位", "adviser": f"湖南某律师事务所{i}", "number": f"FL-2025-{i:06d}",
             "amount": Decimal(10000 + i * 7)} for i in range(1, 1001)]
    context = {"title": "法律服务合同汇总表", "rows": rows, "issued_on": date(2025, 12, 31), "counted_pages": True}
    return _pdf_figures("perf/bench_table.html", context, repeat=2)


# -- Work that lands with other issues: measured once its code is in the project ---------------------


def _measure_in_rollback(function) -> tuple[float, int, object]:
    """Run a write-heavy operation, time it and count its queries, then roll it back."""
    from django.db import transaction

    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcome = function()
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, len(captured), outcome


@entry("reminder_sweep_20000", "Reminder sweep, 20,000 owed reports")
def reminder_sweep() -> EntryResult:
    raise NotAvailable("the annual duty reports and reminders (issue 5) are not on main yet")


@entry("adviser_import_10000", "xlsx import of 10,000 advisers")
def adviser_import() -> EntryResult:
    raise NotAvailable("the adviser xlsx import (issue 3) is not on main yet")
