import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from accounts.roles import Role
from perf.bench import entries as bench_entries
from perf.bench import report
from perf.bench.runner import HEADER, IDENTITIES, QUERY_BUDGET, bench_pages


class Command(BaseCommand):
    help = (
        "Benchmark every page for every role and every jurisdiction's identity (p50/p95, queries), the PDF "
        "engine and the bulk jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (after one warm-up)")
        parser.add_argument("--role", action="append", choices=Role.values, help="only these roles (repeatable)")
        parser.add_argument(
            "--identity",
            action="append",
            choices=list(IDENTITIES),
            help="only these identities (repeatable): "
            + ", ".join(f"{name} = {user}" for name, user in IDENTITIES.items()),
        )
        parser.add_argument("--page", default="", help="only pages whose name contains this")
        parser.add_argument("--entry", action="append", help="only these named entries (repeatable)")
        parser.add_argument("--sql", action="store_true", help="print each page's SQL statements")
        parser.add_argument("--skip-pages", action="store_true")
        parser.add_argument("--skip-entries", action="store_true")
        parser.add_argument("--output", default=str(settings.BASE_DIR / "bench-results" / "latest.json"))

    def handle(self, *args, repeat, role, identity, page, entry, sql, skip_pages, skip_entries, output, **options):
        if connection.vendor != "postgresql":
            self.stderr.write(self.style.WARNING("Not PostgreSQL: the figures are not the ones the targets are about."))
        # GET on a POST-only view is expected (it is how such pages are told apart): no warning per page.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        pages, notes = [], []
        if not skip_pages:
            self.stdout.write(HEADER)
            pages, notes = bench_pages(
                roles=role, identities=identity, repeat=repeat, name_filter=page, log=self.stdout.write, show_sql=sql
            )
            for note in notes:
                self.stdout.write(f"  not measured: {note}")
        results = []
        if not skip_entries:
            self.stdout.write("")
            results = bench_entries.run_entries(entry, log=self.stdout.write)
        path = Path(output)
        data = report.write_json(path, pages, notes, results, repeat)
        path.with_suffix(".md").write_text(report.markdown(data))
        path.with_name(path.stem + "-by-page.md").write_text(report.markdown(data, compact=True))
        measured = [r for r in pages if r.measured]
        slow = [r for r in measured if not r.meets_time]
        heavy = [r for r in measured if not r.meets_queries]
        self.stdout.write(
            f"\n{len(measured)} page measurements: {len(slow)} over their time target, {len(heavy)} over "
            f"{QUERY_BUDGET} queries. Written to {path}, {path.with_suffix('.md')} (every role and identity) and "
            f"{path.stem}-by-page.md."
        )
