import io
import json
import tarfile
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from terreau.territories.models import PostalCode, Territory, TerritoryImport
from terreau.territories.services import import_divisions
from tests.territories.factories import commune, divisions_slice, import_slice

pytestmark = pytest.mark.django_db


def test_import_creates_every_level_with_its_links():
    report = import_slice(["34"])
    pezenas = commune("34199")
    assert pezenas.name == "Pézenas"
    assert pezenas.population == 7797
    assert pezenas.departement.name == "Hérault"
    assert pezenas.region.name == "Occitanie"
    assert pezenas.epci.name == "CA Hérault-Méditerranée"
    assert list(pezenas.postcodes.values_list("code", flat=True)) == ["34120"]
    assert report.created == Territory.objects.count()
    assert TerritoryImport.objects.get().vintage == 2026


def test_second_import_changes_nothing():
    import_slice(["34"])
    before = list(Territory.objects.order_by("pk").values())
    postcodes = PostalCode.objects.count()
    report = import_slice(["34"])
    assert (report.created, report.updated, report.retired) == (0, 0, 0)
    assert list(Territory.objects.order_by("pk").values()) == before
    assert PostalCode.objects.count() == postcodes


def test_a_commune_gone_from_a_newer_vintage_is_retired_not_deleted():
    import_slice(["34"])
    newer = divisions_slice(["34"])
    newer.communes = [c for c in newer.communes if c["code"] != "34199"]
    report = import_divisions(newer, vintage=2027)
    assert report.retired == 1
    assert not commune("34199").is_current
    assert commune("34172").vintage == 2027


def test_a_delegated_commune_sharing_its_parents_code_does_not_replace_it():
    # In Ain, Arbignieu (commune déléguée) carries 01015, like its parent.
    import_slice(["01"])
    parent = commune("01015")
    assert parent.name != "Arbignieu"
    assert "arbignieu" in parent.search_text
    assert Territory.objects.filter(kind="commune", code="01015").count() == 1


def test_overseas_communes_keep_their_own_time_zone():
    import_slice(["971", "34"])
    assert commune("97105").time_zone == "America/Guadeloupe"
    assert commune("34199").time_zone == "Europe/Paris"
    ZoneInfo(commune("97105").time_zone)  # a real zone


def test_command_imports_an_npm_tarball_of_a_newer_vintage(tmp_path, capsys):
    data = divisions_slice(["81"])
    archive = tmp_path / "etalab-decoupage-administratif-7.0.0.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        files = {"package/package.json": {"version": "7.0.0"}}
        files.update(
            {
                f"package/data/{name}.json": getattr(data, name)
                for name in ("regions", "departements", "epci", "communes")
            }
        )
        for name, content in files.items():
            raw = json.dumps(content).encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    call_command("import_territories", str(archive), "--vintage", "2027")
    assert TerritoryImport.objects.get().source_version == "7.0.0"
    assert commune("81163").vintage == 2027


def test_command_refuses_an_unknown_vintage_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_territories", str(tmp_path / "absent.tgz"))
    assert not Territory.objects.exists()


def test_full_bundled_import_holds_every_current_commune():
    call_command("import_territories")
    assert Territory.objects.filter(kind="commune").count() == 34969
    assert Territory.objects.filter(kind="departement").count() == 109
    assert Territory.objects.filter(kind="epci").count() == 1255
    assert set(
        Territory.objects.filter(kind="commune", code="98723").values_list("time_zone", flat=True)
    ) == {"Pacific/Marquesas"}
    # and `make run`'s second start does not import again
    call_command("import_territories", "--if-empty")
    assert TerritoryImport.objects.count() == 1
