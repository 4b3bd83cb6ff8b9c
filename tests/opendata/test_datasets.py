"""The open datasets (issue 17, 4): every file validates against its Table
Schema with frictionless, the Data Package and the DCAT catalogue describe
them all, and no person is in any of them."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package

from terreau.opendata.datasets import DATASETS
from tests.accounts.factories import UserFactory
from tests.boussole.factories import adopt_founding_set, published
from tests.events.factories import EventFactory
from tests.governance.factories import cooperative, member
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

EMAIL = "camille.rousseau@exemple.org"
NAME = "Camille Rousseau-Vidal"


@pytest.fixture
def site(territories):
    call_command("load_challenges", verbosity=0)
    host = UserFactory(email=EMAIL, display_name=NAME)
    place = PlaceFactory(name="La Recyclerie", host=host, latitude="43.45916", longitude="3.41611")
    event = EventFactory(place=place, title="Atelier vélo", created_by=host)
    event.registrations.create(person=host, status="confirmed")
    event.seats_taken = 1
    event.save(update_fields=["seats_taken"])
    member(cooperative()[0], person=host)
    adopt_founding_set()
    published(host, {4: "en partie"}, name="Carte des composteurs")
    return place


def download(client, tmp_path) -> dict[str, str]:
    """Every file, as a harvester would fetch it, written beside the package."""
    files = {}
    for dataset in DATASETS:
        for name in ("opendata:csv", "opendata:json", "opendata:schema"):
            response = client.get(reverse(name, args=[dataset.slug]))
            assert response.status_code == 200
            files[reverse(name, args=[dataset.slug])] = response.content.decode()
            (tmp_path / reverse(name, args=[dataset.slug]).rsplit("/", 1)[-1]).write_bytes(
                response.content
            )
    package = client.get(reverse("opendata:datapackage")).content
    (tmp_path / "datapackage.json").write_bytes(package)
    return files


def test_every_dataset_validates_against_its_schema(client, site, tmp_path):
    download(client, tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    places = (tmp_path / "lieux.csv").read_text()
    assert "La Recyclerie" in places
    assert "34120" in places  # the postcode
    events = json.loads((tmp_path / "evenements.json").read_text())
    assert events[0]["titre"] == "Atelier vélo"
    assert events[0]["places_prises"] == 1
    [assessment] = json.loads((tmp_path / "evaluations-boussole.json").read_text())
    assert (assessment["projet"], assessment["premiere_loi_non_respectee"]) == (
        "Carte des composteurs",
        4,
    )
    assert assessment["decrets"].startswith("1.1 v1, 1.2 v1")


def test_no_person_is_in_any_dataset(client, site, tmp_path):
    for path, content in download(client, tmp_path).items():
        assert EMAIL not in content, path
        assert NAME not in content, path
        assert "Nom Légal" not in content, path


def test_the_dcat_catalogue_lists_every_dataset_with_its_downloads(client, site):
    response = client.get(reverse("opendata:catalogue"))
    assert response["Content-Type"] == "application/ld+json"
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    identifiers = [d["dct:identifier"] for d in catalogue["dcat:dataset"]]
    assert identifiers == [d.slug for d in DATASETS]
    urls = [
        x["dcat:downloadURL"] for d in catalogue["dcat:dataset"] for x in d["dcat:distribution"]
    ]
    assert all(u.startswith("http") for u in urls)
    assert len(urls) == 2 * len(DATASETS)


def test_the_page_lists_the_datasets_and_the_licence(client, site):
    page = client.get(reverse("opendata:index")).content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in page
    for dataset in DATASETS:
        assert reverse("opendata:csv", args=[dataset.slug]) in page
    assert client.get("/donnees/inconnu.csv").status_code == 404
