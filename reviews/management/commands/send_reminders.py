import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.models import ReminderKind
from reviews.reminders import reminder_plan, reminder_send_batch


class Command(BaseCommand):
    help = "Run the reminder sweep for a day without Celery (for cron, catching up and tests)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The Beijing day to run the sweep for, YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        total = 0
        for batch in reminder_plan(day=day):
            sent = reminder_send_batch(kind=batch.kind, day=day, recipient_ids=batch.recipient_ids, dry_run=dry_run)
            total += len(sent)
            for user in sent:
                self.stdout.write(f"  {ReminderKind(batch.kind).label}: {user.get_full_name()} ({user.username})")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{day}: {total} reminder(s) {verb}."))
