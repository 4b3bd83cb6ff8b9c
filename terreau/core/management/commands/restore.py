from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from terreau.core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup into the configured database and uploads folder, which must "
        "both be empty (PostgreSQL: create the database first with createdb -O)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dump", help="A .dump (PostgreSQL) or .sqlite3 file from manage.py backup."
        )
        parser.add_argument("--media", help="The media-*.tar.gz written with it, if any.")

    def handle(self, *args, dump, media=None, **options):
        database = backups.Database.from_settings()
        media_root = Path(settings.MEDIA_ROOT)
        for path in [dump, media] if media else [dump]:
            if not Path(path).is_file():
                raise CommandError("Fichier introuvable : %s" % path)
        # Both targets are checked before either is touched.
        if any(backups.row_counts(database).values()):
            raise CommandError(
                "La base cible n'est pas vide : restaurez dans une base neuve "
                "(rien n'a été modifié)."
            )
        try:
            if media:
                backups.refuse_non_empty_media(media_root)
            backups.restore(Path(dump), database)
            if media:
                backups.restore_media(Path(media), media_root)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Restauré dans %s." % database.name)
        if media:
            self.stdout.write("Documents restaurés dans %s." % media_root)
