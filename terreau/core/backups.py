"""Backups of the database and the uploaded documents, and their restoration.

PostgreSQL: a custom-format `pg_dump` (restored with `pg_restore`), taken in
one snapshot while the site runs. SQLite: the online backup API, consistent
even while the server writes. Uploaded documents (`MEDIA_ROOT`) go into a
tar.gz next to the dump.

A backup holds legal names, postal addresses, password hashes and TOTP
secrets: its files are readable by their owner alone (0600, in a 0700
folder). A backup of an empty database is refused: it is the sign of a run
that did not get the production settings (from cron, say), and a silent
backup of nothing is worse than a failure someone sees.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class BackupError(Exception):
    """A backup or a restoration that must not go on; its message is French."""


# Tables that hold rows in any migrated database, even one nobody ever used.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


@dataclass(frozen=True)
class Database:
    vendor: str  # "postgresql" or "sqlite"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default") -> "Database":
        db = settings.DATABASES[alias]
        vendor = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"
        return cls(
            vendor=vendor,
            name=str(db["NAME"]),
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
        )

    def with_name(self, name: str) -> "Database":
        return Database(self.vendor, name, self.user, self.password, self.host, self.port)

    @property
    def url(self) -> str:
        if self.vendor == "sqlite":
            return "sqlite:///" + self.name
        credentials = self.user + (":" + self.password if self.password else "")
        where = self.host or "localhost"
        return "postgres://%s@%s%s/%s" % (
            credentials,
            where,
            ":" + self.port if self.port else "",
            self.name,
        )

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(
            "%s est introuvable : installez le paquet postgresql-client de Debian." % name
        )
    return path


def connect_sqlite(name: str) -> sqlite3.Connection:
    # The test suite's SQLite database is a shared in-memory URI.
    return sqlite3.connect(name, uri=name.startswith("file:"))


def refuse_empty(database: Database) -> None:
    is_file = database.vendor == "sqlite" and not database.name.startswith("file:")
    if is_file and not Path(database.name).is_file():
        raise BackupError(
            "La base %s n'existe pas : vérifiez DATABASE_URL dans l'environnement de la "
            "commande (cron compris). Aucune sauvegarde écrite." % database.name
        )
    counts = row_counts(database)
    if "django_migrations" not in counts:
        raise BackupError(
            "La base %s n'a pas de tables Terreau : ce n'est pas la base du site. "
            "Vérifiez DATABASE_URL dans l'environnement de la commande (cron compris). "
            "Aucune sauvegarde écrite." % database.name
        )
    if not any(n for table, n in counts.items() if table not in BOOKKEEPING_TABLES):
        raise BackupError(
            "La base %s est vide : ce n'est pas la base du site. Vérifiez DATABASE_URL "
            "dans l'environnement de la commande (cron compris). Aucune sauvegarde écrite."
            % database.name
        )


def private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def backup(database: Database, folder: Path, *, media_root: Path | None = None) -> list[Path]:
    refuse_empty(database)
    private_folder(folder)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    # Every file below is created readable by its owner alone.
    previous_umask = os.umask(0o077)
    try:
        written = _write(database, folder, stamp, media_root)
    finally:
        os.umask(previous_umask)
    for path in written:
        path.chmod(0o600)
    return written


def _write(database: Database, folder: Path, stamp: str, media_root: Path | None) -> list[Path]:
    written = []
    if database.vendor == "postgresql":
        target = folder / ("terreau-%s.dump" % stamp)
        # A fixed program; its arguments come from the settings, not from a request.
        subprocess.run(  # noqa: S603
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                *database.pg_args(),
                database.name,
            ],
            env=database.pg_env(),
            check=True,
        )
    else:
        target = folder / ("terreau-%s.sqlite3" % stamp)
        source = connect_sqlite(database.name)
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
    written.append(target)
    if media_root and Path(media_root).is_dir():
        archive = folder / ("media-%s.tar.gz" % stamp)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media_root, arcname="media")
        written.append(archive)
    return written


def restore(dump: Path, database: Database) -> None:
    """Restore into `database`, which must exist (PostgreSQL) and be empty."""
    if database.vendor == "postgresql":
        subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                database.name,
                *database.pg_args(),
                str(dump),
            ],
            env=database.pg_env(),
            check=True,
        )
        return
    source = sqlite3.connect(dump)
    target = connect_sqlite(database.name)
    with target:
        source.backup(target)
    source.close()
    target.close()


def refuse_non_empty_media(media_root: Path) -> None:
    if Path(media_root).is_dir() and any(p.is_file() for p in Path(media_root).rglob("*")):
        raise BackupError(
            "Le dossier des documents %s n'est pas vide : restaurez dans un dossier neuf "
            "(rien n'a été modifié)." % media_root
        )


def safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The archive's folders and regular files, all inside media/.

    Python 3.11.4 and later do this with `extractall(filter="data")`; Debian
    12's Python 3.11.2 has no filter, so the same rule is applied here.
    """
    members = []
    for member in tar.getmembers():
        parts = Path(member.name).parts
        if (
            Path(member.name).is_absolute()
            or ".." in parts
            or not parts
            or parts[0] != "media"
            or not (member.isfile() or member.isdir())
        ):
            raise BackupError("L'archive contient un chemin refusé : %s" % member.name)
        members.append(member)
    return members


def restore_media(archive: Path, media_root: Path) -> None:
    """Unpack a media-*.tar.gz into `media_root`, which must be empty."""
    refuse_non_empty_media(media_root)
    staging = Path(media_root).parent / ".restore-media"
    if staging.exists():
        shutil.rmtree(staging)
    with tarfile.open(archive) as tar:
        members = safe_members(tar)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(staging, members=members, filter="data")
        else:  # Python < 3.11.4: the members were checked above.
            tar.extractall(staging, members=members)  # noqa: S202
    if Path(media_root).exists():
        shutil.rmtree(media_root)  # empty folders only: refused above otherwise
    (staging / "media").rename(media_root)
    shutil.rmtree(staging)


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path."""
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def count_sql(table: str) -> str:
    # Table names come from the database's own catalogue, quoted as identifiers.
    return 'SELECT count(*) FROM "%s"' % table.replace('"', '""')  # noqa: S608


def row_counts(database: Database) -> dict[str, int]:
    """Rows of every table, read with the database's own client library."""
    if database.vendor == "postgresql":
        import psycopg

        with psycopg.connect(
            dbname=database.name,
            user=database.user or None,
            password=database.password or None,
            host=database.host or None,
            port=database.port or None,
        ) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {t: conn.execute(count_sql(t)).fetchone()[0] for t in tables}
    conn = connect_sqlite(database.name)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            )
        ]
        return {t: conn.execute(count_sql(t)).fetchone()[0] for t in tables}
    finally:
        conn.close()
