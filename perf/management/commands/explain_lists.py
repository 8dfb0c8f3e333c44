import re
import time

from django.core.management.base import BaseCommand
from django.db import connection

from perf.bench.runner import bench_user
from perf.explain import QUERIES, available, default_orderings

# Tables small enough that a sequential scan is the right plan.
SMALL = 10_000


class Command(BaseCommand):
    help = "EXPLAIN ANALYZE the filters and orderings of the list pages (perf/explain.py) on this database."

    def add_arguments(self, parser):
        parser.add_argument("--plans", action="store_true", help="print every plan in full")

    def handle(self, *args, plans, **options):
        if connection.vendor != "postgresql":
            self.stderr.write("EXPLAIN ANALYZE is read on PostgreSQL only.")
            return
        sizes = self._table_sizes()
        for query in QUERIES + default_orderings():
            if not available(query):
                continue
            user = bench_user(query.role)
            queryset = query.build(user)
            started = time.perf_counter()
            plan = queryset.explain(analyze=True, buffers=True)
            took = (time.perf_counter() - started) * 1000
            scans = sorted({t for t in re.findall(r"Seq Scan on (\w+)", plan) if sizes.get(t, 0) > SMALL})
            # A sort of a whole table (not top-N) matters once it costs time; small subtrees sort fast.
            sort = "Sort" in plan and "top-N" not in plan and took > 20
            flags = [f"seq scan of {', '.join(scans)}" for _ in [0] if scans] + (["full sort"] if sort else [])
            self.stdout.write(
                f"{took:>8.1f} ms  {query.name} [{query.role}]{'  ← ' + '; '.join(flags) if flags else ''}"
            )
            if plans or flags:
                self.stdout.write("    " + plan.replace("\n", "\n    "))

    def _table_sizes(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
            return dict(cursor.fetchall())
