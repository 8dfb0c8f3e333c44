import importlib
import importlib.util
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from audit.chain import links_at_end
from audit.trail import acting_as
from figures.aggregates import bump_all

# Each app adds its part of the article's facts in its own `demo.seed()`, in this order.
DEMO_APPS = ["accounts", "advisers", "contracts", "budgets", "reviews", "selection", "selection.panel"]


class Command(BaseCommand):
    help = "Load the demo data set built from the article's facts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even where the settings forbid it (DEMO_DATA_ALLOWED = False, production).",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEMO_DATA_ALLOWED or force):
            raise CommandError(
                "Refused: these settings do not allow demo data (its accounts have a known password and TOTP "
                "secret). Run with --force to load it anyway."
            )
        accounts = []
        # The demo's workflow steps notify people: without a broker each notice's email task runs in-process,
        # Celery logs a line for it and the development settings' console backend prints the email — some two
        # thousand lines above the account list. The demo's addresses are made up: its emails are kept in memory.
        trace = logging.getLogger("celery.app.trace")
        level = trace.level
        trace.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                self._seed(accounts)
        finally:
            trace.setLevel(level)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Accounts (password: DEMO_PASSWORD, default zhuzhou-demo):")
        )
        for username, role, where in accounts:
            self.stdout.write(f"  {username:<15} {role} — {where}")

    def _seed(self, accounts: list) -> None:
        for app in DEMO_APPS:
            if importlib.util.find_spec(f"{app}.demo") is None:
                continue
            module = importlib.import_module(f"{app}.demo")
            # Each app lists the demo accounts it makes (username, role, where), printed once all are made.
            accounts += getattr(module, "demo_accounts", list)()
            self.stdout.write(f"{app}:")
            with transaction.atomic(), acting_as(None), links_at_end():
                module.seed(stdout=self.stdout)
                bump_all()  # the demo writes some rows with bulk_create and update(), which send no signals
