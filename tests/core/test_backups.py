"""The backup drill, on whichever database the suite runs (SQLite, then
PostgreSQL in CI): back up, restore into a fresh database, migrate --check
there, compare the row count of every table."""

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
