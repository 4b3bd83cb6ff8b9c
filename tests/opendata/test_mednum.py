"""Places that offer digital mediation, published in the national standard
« Lieux de médiation numérique » (v1.0.2): the CSV validates against the
standard's own schema file, as published, with frictionless."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from frictionless import Resource, Schema

from terreau.opendata.datasets import MEDNUM_STANDARD
from terreau.places import mednum
from terreau.places.models import OpeningHours, Place
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db
STANDARD_FILE = (
    Path(__file__).resolve().parents[2]
    / "terreau/opendata/standards/lieux-mediation-numerique-1.0.2.json"
)


def hours(place, days, *slots):
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=d, opens=datetime.time(*o), closes=datetime.time(*c))
        for d in days
        for o, c in slots
    )


@pytest.fixture
def places(territories):
    fitting = PlaceFactory(
        name="La Quincaillerie numérique",
        siret="43493312300029",
        digital_services="Aide aux démarches administratives|Accès internet et matériel informatique",
        postcode="34120",
        latitude="43.45916",
        longitude="3.41611",
    )
    hours(fitting, range(5), ((9, 0), (12, 0)), ((14, 0), (18, 0)))
    hours(fitting, [5], ((9, 0), (12, 0)))
    association = PlaceFactory(
        name="Clic Solidaire",
        kind="association",
        rna="W343012345",
        digital_services="Utilisation sécurisée du numérique",
        postcode="34120",
        description="Un mot. " * 60,
    )
    PlaceFactory(name="Sans identifiant", digital_services="Loisirs et créations numériques")
    PlaceFactory(name="Sans médiation", siret="43493312300029", postcode="34120")
    PlaceFactory(
        name="Pas encore publié",
        siret="43493312300029",
        digital_services="Loisirs et créations numériques",
        status=Place.Status.PROPOSED,
        published_at=None,
    )
    return fitting, association


def test_the_csv_validates_against_the_standards_own_schema(client, places, tmp_path):
    response = client.get(reverse("opendata:csv", args=["lieux-mediation-numerique"]))
    path = tmp_path / "lieux.csv"
    path.write_bytes(response.content)
    standard = Schema.from_descriptor(json.loads(Path(STANDARD_FILE).read_text()))
    report = Resource(path="lieux.csv", basepath=str(tmp_path), schema=standard).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    header = response.content.decode().splitlines()[0].split(",")
    assert header == [f["name"] for f in MEDNUM_STANDARD["fields"]]


def test_only_published_identified_places_offering_mediation(client, places):
    fitting, association = places
    rows = json.loads(
        client.get(reverse("opendata:json", args=["lieux-mediation-numerique"])).content
    )
    assert [r["id"] for r in rows] == [
        "terreau-lieu-%d" % fitting.pk,
        "terreau-lieu-%d" % association.pk,
    ]
    first, second = rows
    assert first["pivot"] == "43493312300029"
    assert first["typologie"] == "TIERS_LIEUX"
    assert first["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"
    assert first["services"] == (
        "Aide aux démarches administratives|Accès internet et matériel informatique"
    )
    assert first["date_maj"] == timezone.localdate(fitting.updated_at).isoformat()
    assert (second["pivot"], second["typologie"]) == ("W343012345", "ASSO")
    assert len(second["presentation_resume"]) <= 280
    assert second["presentation_resume"].endswith("…")


def test_our_services_are_the_standards_vocabulary():
    assert MEDNUM_STANDARD["version"] == "v1.0.2"
    services = next(f for f in MEDNUM_STANDARD["fields"] if f["name"] == "services")
    pattern = services["constraints"]["pattern"]
    alternatives = pattern.split("(?:^|\\|)(", 1)[1].rsplit("))+$", 1)[0]
    assert alternatives.split("|") == mednum.SERVICES


def test_opening_hours_in_openstreetmap_format():
    class Slot:
        def __init__(self, weekday, opens, closes):
            self.weekday = weekday
            self.opens, self.closes = datetime.time(*opens), datetime.time(*closes)

    slots = [Slot(0, (9, 0), (12, 0)), Slot(2, (9, 0), (12, 0)), Slot(6, (10, 30), (12, 0))]
    assert mednum.osm_opening_hours(slots) == "Mo 09:00-12:00; We 09:00-12:00; Su 10:30-12:00"
    assert mednum.osm_opening_hours([]) == ""
