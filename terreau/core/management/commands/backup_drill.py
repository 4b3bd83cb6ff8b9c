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
        "Back up, restore into a fresh database and a fresh uploads folder, run "
        "migrate --check there, compare the row counts of every table and the "
        "checksum of every uploaded document. Leaves nothing behind."
    )

    def handle(self, *args, **options):
        source = backups.Database.from_settings()
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory() as folder:
            try:
                written = backups.backup(source, Path(folder) / "backup", media_root=media_root)
            except backups.BackupError as error:
                raise CommandError(str(error)) from error
            dump, archives = written[0], written[1:]
            documents_before = backups.checksums(media_root) if media_root.is_dir() else {}
            documents_after = {}
            if archives:
                restored_media = Path(folder) / "restored" / "media"
                backups.restore_media(archives[0], restored_media)
                documents_after = backups.checksums(restored_media)
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
        if documents_before != documents_after:
            lost = sorted(set(documents_before) ^ set(documents_after)) or [
                name for name in documents_before if documents_before[name] != documents_after[name]
            ]
            raise CommandError("Les documents restaurés diffèrent : " + ", ".join(lost[:10]))
        self.stdout.write(
            "Exercice réussi : %d tables, %d lignes, toutes retrouvées ; "
            "%d documents restaurés à l'identique (SHA-256) ; migrations à jour."
            % (len(before), sum(before.values()), len(documents_before))
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
