"""The privileges of the application's own database role (PostgreSQL).

Migrations run as the owner of the tables. The web, worker and beat processes
connect as another role, which this command grants the ordinary privileges on
every table and sequence but the audit log, where it may only SELECT and
INSERT: it cannot UPDATE, DELETE or TRUNCATE an event, and, not being the
owner, cannot ALTER the table or disable its trigger. Run it as the owner
after every ``migrate`` (new tables need their grants).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from workflows.models import AuditEvent

READ_ONLY = {"django_migrations"}


def grant_statements(role):
    quote = connection.ops.quote_name
    audit_table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
    grantee = quote(role)
    statements = [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {grantee}",
        f"GRANT USAGE ON SCHEMA {quote(schema)} TO {grantee}",
    ]
    for table in sorted(tables):
        if table == audit_table or table in READ_ONLY:
            allowed = "SELECT, INSERT" if table == audit_table else "SELECT"
            statements.append(f"REVOKE ALL ON TABLE {quote(table)} FROM {grantee}")
        else:
            allowed = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {allowed} ON TABLE {quote(table)} TO {grantee}")
    statements.append(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {grantee}"
    )
    return statements


def refusal(role):
    """Why ``role`` cannot be the application's role; or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, pg_has_role(r.oid, c.relowner, 'MEMBER')"
            " FROM pg_roles r, pg_class c"
            " WHERE r.rolname = %s AND c.oid = %s::regclass",
            [role, AuditEvent._meta.db_table],
        )
        row = cursor.fetchone()
    if row is None:
        return f"there is no database role {role}: create it first (CREATE ROLE ... LOGIN)"
    superuser, owner = row
    if superuser:
        return f"{role} is a superuser, which may do anything to the audit log"
    if owner:
        return f"{role} owns the audit table (or is a member of its owner) and could alter it"
    return None


class Command(BaseCommand):
    help = (
        "Print (or with --apply, run) the GRANTs that make ROLE the application's database "
        "role: full use of every table but the audit log, which it may only read and append to."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role web, worker and beat connect as")
        parser.add_argument(
            "--apply", action="store_true", help="run the statements (as the tables' owner)"
        )

    def handle(self, *args, role, apply, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL set-up; this database is not.")
        problem = refusal(role)
        if problem:
            raise CommandError(f"Refusing to grant: {problem}.")
        statements = grant_statements(role)
        if not apply:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"{role} may now use the application's tables."))
