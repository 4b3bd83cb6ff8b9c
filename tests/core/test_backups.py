"""The backup drill, on whichever database the suite runs (SQLite, then
PostgreSQL in CI): back up, restore into a fresh database, migrate --check
there, compare the row count of every table."""

import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from terreau.core import backups
from terreau.governance import audit
from tests.governance.factories import assembly, cooperative, member
from tests.places.factories import PlaceFactory


@pytest.mark.django_db(transaction=True)
def test_the_backup_drill_finds_every_row_again(
    territories, append_only_tables_flushable, capsys, tmp_path
):
    PlaceFactory.create_batch(3)
    colleges = cooperative()
    member(colleges[0])
    assembly()
    call_command("backup_drill")
    out = capsys.readouterr().out
    assert "Exercice réussi" in out
    assert "toutes retrouvées" in out
    if connection.vendor == "postgresql":  # the drill leaves no database behind
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'terreau_drill_%'")
            assert cursor.fetchone()[0] == 0
    database = backups.Database.from_settings()
    dump = backups.backup(database, tmp_path)[0]
    assert dump.stat().st_size > 0
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore", str(dump))
    assert audit.verify().intact


@pytest.mark.django_db
def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("restore", str(tmp_path / "absent.dump"))


def uploaded(media_root, files):
    for name, content in files.items():
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


DOCUMENTS = {"statuts/statuts-2026.pdf": b"%PDF-1.7 statuts", "ag/pv.pdf": b"%PDF-1.7 pv\x00\xff"}


@pytest.mark.django_db(transaction=True)
def test_backup_files_are_readable_by_their_owner_alone(
    territories, append_only_tables_flushable, settings, tmp_path
):
    PlaceFactory()
    uploaded(settings.MEDIA_ROOT, DOCUMENTS)
    folder = tmp_path / "sauvegardes"
    call_command("backup", "--to", str(folder), stdout=io.StringIO())
    written = sorted(folder.iterdir())
    assert [p.suffix for p in written] == [
        ".gz",
        ".sqlite3" if connection.vendor == "sqlite" else ".dump",
    ]
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {"0o600"}
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_a_backup_of_an_empty_or_missing_database_fails_loudly(tmp_path):
    missing = backups.Database("sqlite", str(tmp_path / "absente.sqlite3"))
    with pytest.raises(backups.BackupError, match="n'existe pas"):
        backups.backup(missing, tmp_path / "out")
    empty = tmp_path / "vide.sqlite3"
    sqlite3.connect(empty).close()
    with pytest.raises(backups.BackupError, match="pas de tables Terreau"):
        backups.backup(backups.Database("sqlite", str(empty)), tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_the_uploads_and_compares_their_checksums(
    territories, append_only_tables_flushable, settings, capsys, monkeypatch
):
    PlaceFactory()
    uploaded(settings.MEDIA_ROOT, DOCUMENTS)
    call_command("backup_drill")
    assert "2 documents restaurés à l'identique" in capsys.readouterr().out
    # A restoration that loses a byte is caught.
    real = backups.restore_media

    def corrupting(archive, media_root):
        real(archive, media_root)
        (media_root / "ag" / "pv.pdf").write_bytes(b"abime")

    monkeypatch.setattr(backups, "restore_media", corrupting)
    with pytest.raises(CommandError, match=r"documents restaurés diffèrent : ag/pv\.pdf"):
        call_command("backup_drill")


def media_archive(tmp_path, files) -> Path:
    source = tmp_path / "source" / "media"
    uploaded(source, files)
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source, arcname="media")
    return archive


def test_uploads_restore_on_a_python_without_extraction_filters(tmp_path, monkeypatch):
    """Debian 12's Python 3.11.2 has no `filter` (added in 3.11.4)."""
    monkeypatch.delattr(tarfile, "data_filter")
    real_extractall = tarfile.TarFile.extractall

    def extractall_of_3_11_2(self, path=".", members=None, *, numeric_owner=False, **kw):
        if kw:
            raise TypeError("extractall() got an unexpected keyword argument %r" % next(iter(kw)))
        return real_extractall(self, path, members, numeric_owner=numeric_owner, filter="data")

    monkeypatch.setattr(tarfile.TarFile, "extractall", extractall_of_3_11_2)
    target = tmp_path / "media"
    backups.restore_media(media_archive(tmp_path, DOCUMENTS), target)
    assert backups.checksums(target) == backups.checksums(tmp_path / "source" / "media")


def test_an_archive_that_escapes_its_folder_is_refused(tmp_path):
    archive = tmp_path / "piege.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"pwned"
        member = tarfile.TarInfo("media/../../evil.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    with pytest.raises(backups.BackupError, match="chemin refusé"):
        backups.restore_media(archive, tmp_path / "media")
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.django_db
def test_restoring_uploads_refuses_a_folder_that_holds_documents(settings, tmp_path):
    uploaded(settings.MEDIA_ROOT, {"deja.pdf": b"ancien"})
    archive = media_archive(tmp_path, DOCUMENTS)
    dump = tmp_path / "base.sqlite3"
    dump.write_bytes(b"")
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore", str(dump), "--media", str(archive))
    assert list(backups.checksums(settings.MEDIA_ROOT)) == ["deja.pdf"]
    with pytest.raises(backups.BackupError, match="n'est pas vide"):
        backups.restore_media(archive, settings.MEDIA_ROOT)
    assert (settings.MEDIA_ROOT / "deja.pdf").read_bytes() == b"ancien"
