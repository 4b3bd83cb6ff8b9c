from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from terreau.core import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or SQLite's online backup) and the uploaded documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default=str(settings.VAR_DIR / "backups"),
            help="Folder for the files (default: var/backups).",
        )

    def handle(self, *args, to, **options):
        written = backups.backup(
            backups.Database.from_settings(), Path(to), media_root=Path(settings.MEDIA_ROOT)
        )
        for path in written:
            self.stdout.write("Écrit : %s (%d octets)" % (path, path.stat().st_size))
