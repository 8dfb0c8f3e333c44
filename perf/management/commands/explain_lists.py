import re
import time

from django.core.management.base import BaseCommand
from django.db import connection

from perf.bench.runner import IDENTITIES, bench_user, identity_user
from perf.explain import QUERIES, available, default_orderings

# Tables small enough that a sequential scan is the right plan.
SMALL = 10_000


class Command(BaseCommand):
    help = "EXPLAIN ANALYZE the filters and orderings of the list pages (perf/explain.py) on this database."

    def add_arguments(self, parser):
        parser.add_argument("--plans", action="store_true", help="print every plan in full")
        parser.add_argument(
            "--identity",
            action="append",
            choices=list(IDENTITIES),
            help="run the queries as this identity of the jurisdictions instead of their roles (repeatable)",
        )
        parser.add_argument("--only", default="", help="only queries whose name contains this")
        parser.add_argument(
            "--count", action="store_true", help="also explain each query's COUNT(*), as an admin changelist runs it"
        )

    def handle(self, *args, plans, identity, only, count, **options):
        if connection.vendor != "postgresql":
            self.stderr.write("EXPLAIN ANALYZE is read on PostgreSQL only.")
            return
        sizes = self._table_sizes()
        for query in QUERIES + default_orderings():
            if not available(query) or only not in query.name:
                continue
            # Each identity runs every query: the same page over a jurisdiction's area of another size.
            accounts = [(name, identity_user(name)) for name in identity] if identity else [(query.role, None)]
            for name, user in accounts:
                user = user or bench_user(query.role)
                queryset = query.build(user)
                self._explain(
                    f"{query.name} [{name}]",
                    lambda q=queryset: q.explain(analyze=True, buffers=True),
                    sizes,
                    plans,
                )
                if count:
                    self._explain(f"{query.name}, count [{name}]", lambda q=queryset: self._count(q), sizes, plans)

    def _explain(self, label, explain, sizes, plans):
        """Print how long `explain()` (which returns a plan) took, flagging big sequential scans and sorts."""
        started = time.perf_counter()
        plan = explain()
        took = (time.perf_counter() - started) * 1000
        scans = sorted({t for t in re.findall(r"Seq Scan on (\w+)", plan) if sizes.get(t, 0) > SMALL})
        # A sort of a whole table (not top-N) matters once it costs time; small subtrees sort fast.
        sort = "Sort" in plan and "top-N" not in plan and took > 20
        flags = [f"seq scan of {', '.join(scans)}" for _ in [0] if scans] + (["full sort"] if sort else [])
        self.stdout.write(f"{took:>8.1f} ms  {label}{'  ← ' + '; '.join(flags) if flags else ''}")
        if plans or flags:
            self.stdout.write("    " + plan.replace("\n", "\n    "))

    def _count(self, queryset) -> str:
        """The plan of COUNT(*) over the page's filters (no slice, no ordering)."""
        query = queryset.query.chain()
        query.clear_limits()
        query.clear_ordering(force=True)
        # As QuerySet.count(): only the joins the filters need (a select_related join is an inner join
        # PostgreSQL must keep).
        query.select_related = False
        query.clear_select_clause()
        query.add_fields(["pk"])
        sql, params = query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM ({sql}) AS page", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def _table_sizes(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
            return dict(cursor.fetchall())
