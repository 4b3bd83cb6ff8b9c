"""Backups of the database and the uploaded documents, and their restoration.

PostgreSQL: a custom-format `pg_dump` (restored with `pg_restore`), taken in
one snapshot while the site runs. SQLite: the online backup API, consistent
even while the server writes. Uploaded documents (`MEDIA_ROOT`) go into a
tar.gz next to the dump.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


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


def backup(database: Database, folder: Path, *, media_root: Path | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
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


def restore_media(archive: Path, media_root: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(Path(media_root).parent / ".restore-media", filter="data")
    restored = Path(media_root).parent / ".restore-media" / "media"
    if Path(media_root).exists():
        shutil.rmtree(media_root)
    restored.rename(media_root)
    shutil.rmtree(Path(media_root).parent / ".restore-media")


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
