import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from audit.trail import (
    AUDIT_RETENTION_MONTHS,
    AuditRetentionError,
    audit_purge,
    audit_purge_cutoff,
    audit_rows_before,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--before must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = f"Delete audit rows older than a date; rows younger than {AUDIT_RETENTION_MONTHS} months are never deleted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", required=True, type=_date, help="delete rows from before this Beijing date (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="do not ask for confirmation"
        )

    def handle(self, *args, before, interactive, **options):
        cutoff = audit_purge_cutoff()
        if before > cutoff:
            raise CommandError(
                f"Refused: audit rows are kept for {AUDIT_RETENTION_MONTHS} months; "
                f"--before must be {cutoff} or earlier."
            )
        count = audit_rows_before(before).count()
        if interactive:
            answer = input(f"Delete {count} audit rows from before {before}? This cannot be undone. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Cancelled: nothing was deleted.")
        try:
            deleted = audit_purge(before=before)
        except AuditRetentionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} audit rows from before {before}."))
