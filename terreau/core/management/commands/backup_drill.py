import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from terreau.core import backups


class Command(BaseCommand):
    help = (
        "Back up, restore into a fresh database, run migrate --check there and "
        "compare the row counts of every table. Leaves nothing behind."
    )

    def handle(self, *args, **options):
        source = backups.Database.from_settings()
        with tempfile.TemporaryDirectory() as folder:
            dump = backups.backup(source, Path(folder))[0]
            if source.vendor == "postgresql":
                drill = source.with_name(
                    "terreau_drill_%s" % timezone.now().strftime("%Y%m%d%H%M%S")
                )
                self._postgres(source, "CREATE DATABASE %s" % drill.name)
            else:
                drill = source.with_name(str(Path(folder) / "drill.sqlite3"))
            try:
                backups.restore(dump, drill)
                check = subprocess.run(
                    [sys.executable, "manage.py", "migrate", "--check"],
                    cwd=settings.BASE_DIR,
                    env={**backups.Database.pg_env(source), "DATABASE_URL": drill.url},
                    capture_output=True,
                    text=True,
                    check=False,
                )
                before, after = backups.row_counts(source), backups.row_counts(drill)
            finally:
                if source.vendor == "postgresql":
                    self._postgres(source, "DROP DATABASE IF EXISTS %s" % drill.name)
        if check.returncode != 0:
            raise CommandError(
                "migrate --check a échoué sur la copie :\n" + check.stdout + check.stderr
            )
        differences = {
            table: (before.get(table), after.get(table))
            for table in sorted(set(before) | set(after))
            if before.get(table) != after.get(table)
        }
        if differences:
            raise CommandError(
                "La copie diffère : "
                + ", ".join("%s %s → %s" % (t, a, b) for t, (a, b) in differences.items())
            )
        self.stdout.write(
            "Exercice réussi : %d tables, %d lignes, toutes retrouvées ; migrations à jour."
            % (len(before), sum(before.values()))
        )

    def _postgres(self, database, statement):
        import psycopg

        with psycopg.connect(
            dbname="postgres",
            user=database.user or None,
            password=database.password or None,
            host=database.host or None,
            port=database.port or None,
            autocommit=True,
        ) as conn:
            conn.execute(statement)
