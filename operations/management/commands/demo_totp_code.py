from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_ACCOUNTS
from accounts.roles import TWO_FACTOR_ROLES
from accounts.two_factor import current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo accounts (only the demo secret that seed_demo set up)."

    def handle(self, *args, **options):
        code = current_code(settings.DEMO_TOTP_SECRET)
        names = ", ".join(username for username, role, *_rest in DEMO_ACCOUNTS if role in TWO_FACTOR_ROLES)
        self.stdout.write(f"{code}  (demo accounts {names}; valid for about 30 seconds)")
