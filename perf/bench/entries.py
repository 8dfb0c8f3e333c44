"""Named benchmark entries besides pages: PDF rendering, the reminder sweep, the adviser import.

Each entry is registered by name and returns its figures, or raises `NotAvailable` when the data set lacks
what it measures; the table then says "not available" instead of a figure.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from import_export.formats.base_formats import XLSX
from openpyxl import Workbook
from weasyprint import HTML

from accounts.models import User
from accounts.policy import advisers_among, officers_of
from accounts.roles import Role
from advisers.excel import AdviserResource
from audit.trail import acting_as
from perf.bench.runner import bench_user
from reports.pdf import BASE_URL, StaticOnlyFetcher, render_pdf
from reviews.models import DutyReport
from reviews.records import engagements_owing
from reviews.reminders import reminder_plan, reminder_send_batch


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
        seconds = "" if result.seconds is None else f"{result.seconds:.2f} s"
        log(f"{item.name:<28} {result.status:<14} {seconds:>10}  {result.note}")
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

    html = render_to_string(template, context)
    pages = render_pdf(template, context).pages  # warm-up: fonts loaded once per process
    ours = _time(lambda: render_pdf(template, context), repeat)
    alone = _time(lambda: HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(), repeat)
    template_only = _time(lambda: render_to_string(template, context), repeat)
    ours_s, alone_s = statistics.median(ours), statistics.median(alone)
    return EntryResult(
        "",
        "",
        "ok",
        seconds=round(ours_s, 3),
        detail={
            "pages": pages,
            "render_pdf_s": round(ours_s, 3),
            "weasyprint_alone_s": round(alone_s, 3),
            "template_s": round(statistics.median(template_only), 4),
            "overhead_pct": round((ours_s / alone_s - 1) * 100, 1),
        },
        note=f"{pages} page(s): render_pdf {ours_s:.2f} s, WeasyPrint alone {alone_s:.2f} s",
    )


@entry("pdf_one_page", "PDF: one-page document")
def pdf_one_page() -> EntryResult:
    context = {
        "title": "关于法律顾问工作情况的报告",
        "paragraphs": ["根据工作安排，现将本年度法律顾问工作情况报告如下。"] * 6,
        "issued_on": date(2025, 12, 31),
        "counted_pages": False,
    }
    return _pdf_figures("reports/document.html", context, repeat=5)


@entry("pdf_1000_rows", "PDF: 1,000-row table")
def pdf_1000_rows() -> EntryResult:
    rows = [
        {
            "unit": f"湖南省某市第{i}单位",
            "adviser": f"湖南某律师事务所{i}",
            "number": f"FL-2025-{i:06d}",
            "amount": Decimal(10000 + i * 7),
        }
        for i in range(1, 1001)
    ]
    context = {"title": "法律服务合同汇总表", "rows": rows, "issued_on": date(2025, 12, 31), "counted_pages": True}
    return _pdf_figures("perf/bench_table.html", context, repeat=2)


# -- Work that lands with other issues: measured once its code is in the project ---------------------


def _measure_in_rollback(function) -> tuple[float, int, object]:
    """Run a write-heavy operation, time it and count its queries, then roll it back."""

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with transaction.atomic():
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            outcome = function()
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, count, outcome


@entry("reminder_sweep_20000", "Reminder sweep, 20,000 owed reports")
def reminder_sweep() -> EntryResult:
    """The 1 December sweep: plan the batches, then send every batch in turn, as one worker would.

    All of this year's reports are owed (the worst 1 December). Every owing unit gets an officer account
    and every owing adviser an adviser account first (not timed), so that each owed report reaches someone;
    everything is rolled back afterwards. E-mails go out after commit (a separate task per notice), so they
    are not part of this figure.
    """
    day = date(timezone.localdate().year, 12, 1)
    per_batch: list[int] = []
    outcome: dict = {}

    def sweep():
        # The worst 1 December: nobody has submitted this year's report yet (rows removed without
        # signals; rolled back with the rest).

        DutyReport.objects.filter(year=day.year)._raw_delete(connection.alias)
        owing = engagements_owing(day.year)
        outcome["owed"] = owing.count()
        units = set(owing.values_list("unit_id", flat=True))
        advisers = set(owing.values_list("adviser_id", flat=True))
        units -= set(User.objects.filter(officers_of(units)).values_list("unit_id", flat=True))
        advisers -= set(User.objects.filter(advisers_among(advisers)).values_list("adviser_id", flat=True))
        User.objects.bulk_create(
            [User(username=f"sweep_officer_{u}", role=Role.OFFICER, unit_id=u) for u in units]
            + [User(username=f"sweep_adviser_{a}", role=Role.ADVISER, adviser_id=a) for a in advisers],
            batch_size=2_000,
        )
        started = time.perf_counter()
        batches = reminder_plan(day=day)
        sent = 0
        for batch in batches:
            count = 0

            def counter(execute, sql, params, many, context):
                nonlocal count
                count += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                sent += len(reminder_send_batch(kind=batch.kind, day=batch.day, recipient_ids=batch.recipient_ids))
            per_batch.append(count)
        outcome.update(seconds=time.perf_counter() - started, batches=len(batches), sent=sent)

    with transaction.atomic():
        sweep()
        transaction.set_rollback(True)
    seconds = outcome["seconds"]
    return EntryResult(
        "",
        "",
        "ok",
        seconds=round(seconds, 1),
        target_s=30,
        queries=sum(per_batch),
        detail={
            **{k: v for k, v in outcome.items() if k != "seconds"},
            "max_queries_per_batch": max(per_batch, default=0),
            "batch_size": settings.REMINDER_BATCH_SIZE,
        },
        note=f"{outcome['owed']:,} owed reports, {outcome['sent']:,} reminders in {outcome['batches']} batches; "
        f"at most {max(per_batch, default=0)} queries per batch",
    )


@entry("adviser_import_10000", "xlsx import of 10,000 advisers")
def adviser_import() -> EntryResult:
    """The admin's two steps on a 10,000-row xlsx with the Chinese headers: check (dry run), then import.

    Runs as the import does in the admin (django-import-export, one transaction, new advisers inserted in
    batches with their audit rows), then rolls back.
    """
    resource = AdviserResource()
    headers = [field.column_name for field in resource.get_import_fields()]
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for i in range(10_000):
        values = {
            "姓名或名称": f"导入顾问{i:05d}",
            "类别": "执业律师",
            "执业证号": f"14309{i:012d}",
            "工作单位": "湖南导入律师事务所",
            "专业特长": "行政法",
            "联系电话": f"137{i:08d}",
            "电子邮箱": f"import{i}@example.cn",
        }
        sheet.append([values.get(header, "") for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    actor = bench_user("bureau")

    def run(dry_run: bool):
        dataset = XLSX().create_dataset(content)
        with acting_as(actor):
            return resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, user=actor)

    check_s, check_queries, checked = _measure_in_rollback(lambda: run(True))
    import_s, import_queries, imported = _measure_in_rollback(lambda: run(False))
    if checked.has_errors() or checked.has_validation_errors() or imported.has_errors():
        raise RuntimeError("the generated import file was refused")
    total = check_s + import_s
    return EntryResult(
        "",
        "",
        "ok",
        seconds=round(total, 1),
        target_s=60,
        queries=check_queries + import_queries,
        detail={
            "check_s": round(check_s, 1),
            "import_s": round(import_s, 1),
            "rows": imported.totals.get("new", 0),
            "queries_check": check_queries,
            "queries_import": import_queries,
        },
        note=(
            f"check (dry run) {check_s:.1f} s + import {import_s:.1f} s, "
            f"{check_queries + import_queries:,} queries, rolled back"
        ),
    )


# -- Dashboards with an empty cache ------------------------------------------------------------------

DASHBOARDS = [
    "reports:dashboard",
    "advisers:statistics",
    "advisers:unit_statistics",
    "budgets:statistics",
    "reviews:overview",
]


@entry("dashboards_cold", "Dashboards with an empty cache (bureau)")
def dashboards_cold() -> EntryResult:
    """The page tables time dashboards warm (their figures cached by the warm-up request); this is the
    first visit after a write or the 10-minute expiry: the cache emptied before every request."""

    from .runner import bench_user, logged_in_client

    user = bench_user("bureau")
    if user is None:
        raise NotAvailable("no bureau account: generate a data set first")
    client = logged_in_client(user)
    figures = {}
    for name in DASHBOARDS:
        url = reverse(name)
        client.get(url)  # templates and the session, not the figures
        samples = []
        for _ in range(5):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{name} answered {response.status_code}")
        figures[name] = round(statistics.median(samples) * 1000)
    worst = max(figures.values())
    return EntryResult(
        "",
        "",
        "ok",
        seconds=round(worst / 1000, 3),
        detail={"p50_ms": figures},
        note=", ".join(f"{name} {ms} ms" for name, ms in figures.items()) + " (p50 of 5, cache emptied each time)",
    )
