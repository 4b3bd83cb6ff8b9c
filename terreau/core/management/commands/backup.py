from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from terreau.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or SQLite's online backup) and the "
        "uploaded documents, readable by their owner alone, into TERREAU_BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default=str(settings.TERREAU_BACKUP_DIR),
            help="Folder for the files (default: TERREAU_BACKUP_DIR, var/backups).",
        )

    def handle(self, *args, to, **options):
        try:
            written = backups.backup(
                backups.Database.from_settings(), Path(to), media_root=Path(settings.MEDIA_ROOT)
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write("Écrit : %s (%d octets)" % (path, path.stat().st_size))
