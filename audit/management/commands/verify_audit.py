from django.core.management.base import BaseCommand, CommandError

from audit.chain import chain_head, chain_verify


class Command(BaseCommand):
    help = "Walk the audit hash chain from its start; name the first row that does not fit (exit status 1)."

    def handle(self, *args, **options):
        checked, broken = chain_verify()
        if broken is not None:
            raise CommandError(f"The audit chain is broken at {broken} ({checked} rows before it fit).")
        head = chain_head()
        if head is None:
            self.stdout.write(self.style.SUCCESS("The audit trail is empty."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{checked} audit rows fit the chain; head: position {head.seq}, {head.hash}.")
            )
