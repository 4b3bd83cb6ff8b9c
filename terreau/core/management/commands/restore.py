from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from terreau.core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup into the configured database, which must be empty "
        "(PostgreSQL: create it first with createdb)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dump", help="A .dump (PostgreSQL) or .sqlite3 file from manage.py backup."
        )
        parser.add_argument("--media", help="The media-*.tar.gz written with it, if any.")

    def handle(self, *args, dump, media=None, **options):
        database = backups.Database.from_settings()
        if not Path(dump).is_file():
            raise CommandError("Fichier introuvable : %s" % dump)
        if any(backups.row_counts(database).values()):
            raise CommandError(
                "La base cible n'est pas vide : restaurez dans une base neuve "
                "(rien n'a été modifié)."
            )
        backups.restore(Path(dump), database)
        if media:
            backups.restore_media(Path(media), Path(settings.MEDIA_ROOT))
        self.stdout.write("Restauré dans %s." % database.name)
