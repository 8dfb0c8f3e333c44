import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Unit
from perf.generator import Context, run
from perf.scales import SCALES


class Command(BaseCommand):
    help = "Generate a reproducible data set (test, city or province scale) with bulk inserts, into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--seed", type=int, default=2025, help="the same seed gives the same data")

    def handle(self, *args, scale, seed, **options):
        if Unit.objects.exists():
            raise CommandError(
                "This database already has units. Generate into an empty, migrated database "
                "(for example: createdb zl_bench && DATABASE_URL=... manage.py migrate)."
            )
        started = time.monotonic()
        self.stdout.write(f"Generating the {scale} set (seed {seed}):")
        ctx = Context(scale=SCALES[scale], rng=random.Random(seed), today=timezone.localdate(), log=self.stdout.write)
        with transaction.atomic():
            run(ctx)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Planner statistics, and the visibility map autovacuum would set some minutes later: without
                # it the changelists' COUNT(*) read the heap instead of an index (opinions of a city: 100 ms
                # against 15 ms), so the benchmark would time a state no running installation stays in.
                # VACUUM cannot run inside a transaction (a caller's, as in the tests): ANALYZE can.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        for label, count in sorted(ctx.counts.items()):
            self.stdout.write(f"  {label:<32} {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.0f} s. Accounts: bench_<role>_<n>, bench_<role>_city_<n>, "
                "bench_<role>_county_<n> (bureau, finance, auditor), bench_bureau_province; password DEMO_PASSWORD."
            )
        )
