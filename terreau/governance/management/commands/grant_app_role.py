"""Give the application's PostgreSQL role what it needs, and nothing more.

Run it as the role that owns the tables (the one `migrate` runs as), after
every `migrate`:

    DATABASE_URL=postgres://terreau_owner:…@…/terreau \\
        .venv/bin/python manage.py grant_app_role terreau_app

The application's role (the one gunicorn connects as) may read and write
rows, but owns nothing: it cannot ALTER a table, disable a trigger or
TRUNCATE, and on the append-only tables it may only SELECT and INSERT. See
docs/database-roles.md.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from terreau.governance.append_only import APPEND_ONLY


def grant_statements(role: str) -> list[sql.Composed]:
    name = sql.Identifier(role)
    statements = [
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(name),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            name
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
    ]
    statements += [
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(table), name)
        for table in APPEND_ONLY
    ]
    return statements


class Command(BaseCommand):
    help = (
        "Accorde au rôle PostgreSQL de l'application la lecture et l'écriture des lignes, "
        "sans propriété ni TRUNCATE, et seulement l'ajout sur les tables en ajout seul."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="le rôle PostgreSQL sous lequel l'application tourne")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Les rôles de base de données concernent PostgreSQL seulement.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError("Le rôle %s n'existe pas : créez-le d'abord." % role)
            cursor.execute(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s LIMIT 1",
                [role],
            )
            if cursor.fetchone() is not None:
                raise CommandError(
                    "Le rôle %s possède des tables : l'application ne doit rien posséder "
                    "(lancez migrate avec le rôle propriétaire)." % role
                )
            for statement in grant_statements(role):
                cursor.execute(statement)
        self.stdout.write(
            "Rôle %s : lecture et écriture des lignes ; ajout seul sur %s."
            % (role, ", ".join(APPEND_ONLY))
        )
