"""The experts' pages through the client: the profile form with its consent,
what a profile page shows (only what was consented to), the photo served
from our origin while its consent holds, the directory, conflicts, and the
moderation queue scoped like the places'."""

import pytest
from django.urls import reverse

from terreau.core.models import OutgoingEmail
from terreau.support.models import ExpertConflict, ExpertProfile
from terreau.territories import roles
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.html import text_of
from tests.places.factories import PlaceFactory
from tests.support.factories import ALL_FIELDS, make_expert, photo_upload
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

MY_PROFILE = reverse("support:my_profile")


def form_data(**changes):
    data = {
        "display_name": "Nadia Benali",
        "presentation": "Conseillère rénovation : je vous aide à isoler et à chauffer mieux.",
        "domains": ["energy-housing"],
        "modes": ["on-site", "phone"],
        "monthly_capacity": "3",
        "price_note": "",
        "affiliations": "Salariée de l'espace conseil France Rénov'.",
        "contact": "06 12 34 56 78",
        "area_1": "Pézenas",
        "reach_1": "epci",
        "area_2": "",
        "reach_2": "commune",
        "area_3": "",
        "reach_3": "commune",
        "public_fields": ALL_FIELDS,
        "agree": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_proposing_a_profile_with_a_photo(client, territories, person):
    client.force_login(person)
    response = client.post(MY_PROFILE, {**form_data(), "new_photo": photo_upload()}, follow=True)
    assert "publié après relecture" in text_of(response)
    profile = ExpertProfile.objects.get(person=person)
    assert profile.status == "proposed"
    assert [a.territory for a in profile.areas.all()] == [commune("34199").epci]
    assert profile.photo


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"agree": None}, "Ce champ est obligatoire"),
        ({"public_fields": ["display_name", "photo"]}, "doivent être publics"),
        ({"area_1": "Nulle-Part-sur-Mer"}, "Aucune commune ne correspond"),
        ({"domains": ["astrology"]}, "Sélectionnez un choix valide"),
        ({"is_paid": "on", "price_note": ""}, "Dites votre tarif"),
        ({"monthly_capacity": "500"}, "inférieure ou égale à 20"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, territories, person, changes, message):
    client.force_login(person)
    response = client.post(MY_PROFILE, form_data(**changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not ExpertProfile.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, territories, person):
    client.force_login(person)
    fake = photo_upload()
    fake = type(fake)(b"%PDF-1.4 malicious")
    fake.name, fake.size = "photo.jpg", 18
    response = client.post(MY_PROFILE, {**form_data(), "new_photo": fake})
    assert "n'est pas une image lisible" in text_of(response)
    assert not ExpertProfile.objects.exists()


def test_the_profile_page_shows_only_what_was_consented(client, territories):
    without = [key for key in ALL_FIELDS if key not in {"photo", "price"}]
    profile = make_expert(
        photo=True, public_fields=without, is_paid=True, price_note="80 € de l'heure"
    )
    # Consent to the photo and the price was not given: neither appears.
    page = text_of(client.get(profile.get_absolute_url()))
    assert "Nadia Benali" in page
    assert "80 € de l'heure" not in page
    html = client.get(profile.get_absolute_url()).content.decode()
    assert reverse("support:photo", args=[profile.pk]) not in html
    assert client.get(reverse("support:photo", args=[profile.pk])).status_code == 404


def test_the_photo_is_served_while_consented_then_gone(client, territories):
    profile = make_expert(photo=True)
    photo = reverse("support:photo", args=[profile.pk])
    assert photo in client.get(reverse("support:directory")).content.decode()
    response = client.get(photo)
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    client.force_login(profile.person)
    client.post(reverse("support:withdraw"))
    client.logout()
    assert client.get(photo).status_code == 404
    assert client.get(profile.get_absolute_url()).status_code == 404
    assert "Nadia Benali" not in text_of(client.get(reverse("support:directory")))


@pytest.mark.parametrize("status", ["proposed", "rejected", "withdrawn"])
def test_an_unpublished_profile_is_its_authors_alone(client, territories, status):
    profile = make_expert(publish=False)
    ExpertProfile.objects.filter(pk=profile.pk).update(status=status)
    assert client.get(profile.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(profile.get_absolute_url()).status_code == 404
    client.force_login(profile.person)
    assert client.get(profile.get_absolute_url()).status_code == 200


def test_the_directory_of_a_commune_lists_who_covers_it_from_above(client, territories):
    pezenas = commune("34199")
    make_expert(name="Experte du département", areas=[pezenas.departement])
    make_expert(name="Expert de Mazamet", areas=[commune("81163")])
    url = reverse("support:territory_directory", args=["commune", "34199"])
    page = text_of(client.get(url))
    assert "Experte du département" in page
    assert "Expert de Mazamet" not in page
    found = client.get(reverse("support:directory"), {"commune": "Pézenas"})
    assert found.url == url


def test_the_directory_filters_by_domain(client, territories):
    make_expert(name="Marie Courant", domains=["energy-housing"])
    make_expert(name="Paul Pédale", domains=["mobility", "cooperation"])
    page = text_of(client.get(reverse("support:directory"), {"domaine": "mobility"}))
    assert "Paul Pédale" in page
    assert "Marie Courant" not in page
    response = client.get(reverse("support:directory"), {"domaine": "<script>", "page": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text_of(response)


def test_the_directory_query_count_does_not_grow(
    client, territories, django_assert_max_num_queries
):
    for index in range(3):
        make_expert(name="Expert %d" % index, photo=True)
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("support:directory"))
    for index in range(3, 10):
        make_expert(name="Expert %d" % index, areas=[commune("34199"), commune("81163")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("support:directory"))


def test_declaring_a_conflict_with_a_place_and_an_authority(client, territories):
    profile = make_expert()
    place = PlaceFactory(name="Tiers-lieu de Pézenas")
    client.force_login(profile.person)
    url = reverse("support:conflicts")
    data = {"commune": "Pézenas", "target": "place", "place_name": "tiers-lieu de pézenas"}
    client.post(url, {**data, "note": "J'y suis salariée."})
    client.post(url, {"commune": "Pézenas", "target": "epci", "note": "Mon employeur."})
    assert {(c.place, c.authority) for c in ExpertConflict.objects.all()} == {
        (place, None),
        (None, commune("34199").epci),
    }
    again = client.post(url, {**data, "note": "Encore."})
    assert "déjà déclaré" in text_of(again)
    unknown = client.post(url, {**data, "place_name": "Inconnu", "note": "?"})
    assert "Aucun lieu publié de ce nom" in text_of(unknown)
    assert ExpertConflict.objects.count() == 2


def test_pausing_and_resuming(client, territories):
    profile = make_expert()
    client.force_login(profile.person)
    page = text_of(client.post(reverse("support:pause"), {"paused": "1"}, follow=True))
    assert "Vous êtes en pause" in page
    profile.refresh_from_db()
    assert profile.paused
    client.logout()
    assert "En pause" in text_of(client.get(profile.get_absolute_url()))


def animator_of(territory):
    person = UserFactory()
    roles.appoint(person, territory)
    return person


def queue_of(client, person):
    client.force_login(person)
    page = text_of(client.get(reverse("support:moderation")))
    return {name for name in ("Experte de Pézenas", "Expert du Tarn") if name in page}


def test_moderation_is_scoped_to_the_animated_territories(client, territories, staff):
    make_expert(name="Experte de Pézenas", areas=[commune("34199")], publish=False)
    make_expert(
        name="Expert du Tarn",
        areas=[Territory.objects.get(kind="departement", code="81")],
        publish=False,
    )
    assert queue_of(client, animator_of(commune("34199").epci)) == {"Experte de Pézenas"}
    # A commune's animator does not publish a profile shown across a département.
    assert queue_of(client, animator_of(commune("81163"))) == set()
    tarn_animator = animator_of(Territory.objects.get(kind="departement", code="81"))
    assert queue_of(client, tarn_animator) == {"Expert du Tarn"}
    sign_in_with_second_factor(client, staff)
    assert client.get(reverse("support:moderation")).status_code == 200
    assert len(ExpertProfile.objects.filter(status="proposed")) == 2


def test_publishing_tells_the_expert_and_a_refusal_says_why(client, territories):
    profile = make_expert(name="Experte de Pézenas", publish=False)
    client.force_login(animator_of(commune("34199").epci))
    empty = client.post(
        reverse("support:moderation_reject", args=[profile.pk]), {"reason": " "}, follow=True
    )
    assert "Dites pourquoi" in text_of(empty)
    profile.refresh_from_db()
    assert profile.status == "proposed"
    client.post(reverse("support:moderation_publish", args=[profile.pk]))
    profile.refresh_from_db()
    assert profile.status == "published"
    assert OutgoingEmail.objects.filter(
        to=profile.person.email, cause__startswith="expert-published"
    ).exists()


@pytest.mark.parametrize("who", ["resident", "staff_password_only", "other_animator"])
def test_no_scope_no_decision(client, territories, staff, who):
    profile = make_expert(publish=False)
    intruder = {
        "resident": UserFactory(),
        "staff_password_only": staff,
        "other_animator": animator_of(commune("81163")),
    }[who]
    client.force_login(intruder)
    response = client.post(reverse("support:moderation_publish", args=[profile.pk]))
    assert response.status_code in {403, 404}
    profile.refresh_from_db()
    assert profile.status == "proposed"
