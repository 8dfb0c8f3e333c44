import importlib
import importlib.util

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.aggregates import bump_all
from accounts.audit import acting_as
from accounts.demo import DEMO_ACCOUNTS

# Each app adds its part of the article's facts in its own `demo.seed()`, in this order.
DEMO_APPS = ["accounts", "advisers", "contracts", "budgets", "reviews"]


class Command(BaseCommand):
    help = "Load the demo data set built from the article's facts (idempotent)."

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            if importlib.util.find_spec(f"{app}.demo") is None:
                continue
            module = importlib.import_module(f"{app}.demo")
            self.stdout.write(f"{app}:")
            with transaction.atomic(), acting_as(None):
                module.seed(stdout=self.stdout)
                bump_all()  # the demo writes some rows with bulk_create and update(), which send no signals
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Accounts (password: DEMO_PASSWORD, default zhuzhou-demo):")
        )
        for username, role, unit, *_names in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {role.label} — {unit}")
