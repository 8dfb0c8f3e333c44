from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database to a pg_dump custom-format file (restore with restore_db)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: backups/zhuzhou-<time>.dump)")

    def handle(self, *args, output, **options):
        path = output or Path(settings.BASE_DIR) / "backups" / f"zhuzhou-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
        try:
            backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({path.stat().st_size} bytes)."))
