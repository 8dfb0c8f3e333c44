"""Give a PostgreSQL role what the running application needs, and no more: it reads and writes rows but owns
nothing, so `ALTER TABLE … DISABLE TRIGGER` (owner only) and `TRUNCATE` (not granted) are refused to it, and
audit rows and their chain links cannot even be UPDATEd. Run it as the owner (the role that runs
migrations); default privileges cover the tables later migrations create."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

AUDIT_TABLES = ("auditlog_logentry", "accounts_auditchainlink")


def grant_statements(role: str) -> list[sql.Composed]:
    r = sql.Identifier(role)
    audit = sql.SQL(", ").join(sql.Identifier(t) for t in AUDIT_TABLES)
    return [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(connection.settings_dict["NAME"]), r),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
        # DELETE stays for purge_audit: the triggers still refuse rows younger than the retention period.
        sql.SQL("REVOKE UPDATE ON {} FROM {}").format(audit, r),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(r),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(r),
    ]


class Command(BaseCommand):
    help = "Grant a (login) PostgreSQL role the rights the application needs, without owning any table."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the application's role, created beforehand (createuser ROLE)")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("PostgreSQL only: set DATABASE_URL to the database, as its owner.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"There is no role {role!r}: create it first (createuser {role}).")
            if found[0]:
                raise CommandError(f"{role!r} is a superuser: it could still disable triggers. Use a plain role.")
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == role:
                raise CommandError("Run this as the tables' owner, not as the application's role.")
            with transaction.atomic():
                for statement in grant_statements(role):
                    cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"{role} may read and write rows; it owns nothing and may not TRUNCATE."))
