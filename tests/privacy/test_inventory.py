"""« Ma trace » lists every kind of data Terreau keeps about a person: a new
link from a model to the user model must be placed in the inventory."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from terreau.privacy import inventory
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.governance.factories import cooperative, member


def links_to_people() -> set[str]:
    user = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            concrete = getattr(field, "concrete", False)
            if concrete and getattr(field, "related_model", None) is user:
                found.add("%s.%s" % (model._meta.label, field.name))
    return found


def test_every_link_to_a_person_is_in_the_inventory():
    assert sorted(links_to_people() - set(inventory.COVERED)) == []
    assert sorted(set(inventory.COVERED) - links_to_people()) == []
    keys = {kind.key for kind in inventory.KINDS}
    assert {k for k in inventory.COVERED.values() if k} <= keys


@pytest.mark.django_db
def test_my_trace_shows_what_is_kept_why_and_for_how_long(client, territories):
    colleges = cooperative()
    person = UserFactory(display_name="Awa")
    member(colleges[0], person=person)
    event = EventFactory(title="Atelier vélo")
    event.registrations.create(person=person, status="confirmed")
    client.force_login(person)
    page = client.get(reverse("privacy:trace")).content.decode()
    assert "Atelier vélo" in page
    assert "Nom Légal %d" % person.pk in page
    assert "La loi impose à une coopérative de tenir le registre" in page
    assert "Aucune page vue, aucun clic, aucun temps passé" in page
    assert "Ensemble, ils pèsent" in page
    assert person.password not in page  # never the password's hash


@pytest.mark.django_db
def test_a_secret_ballot_shows_only_that_the_person_signed_the_roll(territories):
    from terreau.governance import services
    from tests.governance.factories import assembly

    colleges = cooperative()
    voter = member(colleges[0])
    meeting = assembly(secret=(True,))
    resolution = meeting.resolutions.get()
    services.cast_votes(
        assembly=meeting,
        person=voter.person,
        on_behalf_of=voter.number,
        choices={resolution.pk: "contre"},
    )
    rows = {kind.key: rows for kind, rows in inventory.inventory(voter.person)}["votes"]
    assert len(rows) == 1
    assert rows[0]["A émargé pour"] == str(resolution)
    assert "contre" not in str(rows).lower()
