from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from figures.aggregates import bump_all
from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by backup_db (pg_restore, one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="do not ask for confirmation"
        )

    def handle(self, *args, file, interactive, **options):
        if interactive:
            name = connection.settings_dict["NAME"]
            answer = input(f"Replace everything in database {name!r} with {file}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Cancelled: nothing was changed.")
        connection.close()  # our own open connection would hold locks on the tables being replaced
        try:
            restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        bump_all()  # figures cached from the replaced contents must not be shown
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))
