"""The diagnostic through the client: taking it with « je ne sais pas »,
the result page (levers with their défis near the person and the experts of
the territory), privacy (its author alone, staff included), and a retake
that shows what changed in the answers and, apart, the défis done since."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from terreau.challenges.models import Challenge
from terreau.checkins import tokens
from terreau.support.models import Diagnostic
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.challenges.factories import complete_challenge, marathon_with_stage, participant
from tests.html import text_of
from tests.places.factories import PlaceFactory
from tests.support.factories import make_expert
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

TAKE = reverse("support:diagnostic_take", args=["person"])


def answers(**changes):
    data = {
        "commune": "Pézenas",
        "q_household": "2",
        "q_surface": "80",
        "q_heating": "gas",
        "q_comfort": "normal",
        "q_car_km": "8000",
        "q_flight_short_hours": "0",
        "q_flight_long_hours": "0",
        "q_diet": "little-meat",
        "q_tshirts": "2",
        "q_trousers": "1",
        "q_jumpers": "1",
        "q_shoes": "1",
        "q_smartphones": "1",
        "q_computers": "1",
        "q_tvs": "1",
        "q_renewal": "needed",
        "q_internet_hours": "2",
    }
    data.update(changes)
    return data


@pytest.fixture
def challenges(territories):
    marathon_with_stage("journee-sans-voiture-velo")  # loads the catalogue


def test_taking_the_diagnostic_shows_the_levers_and_the_calculation(client, challenges, person):
    make_expert(name="Nadia Benali", domains=["energy-housing"], areas=[commune("34199")])
    client.force_login(person)
    response = client.post(TAKE, answers(), follow=True)
    page = text_of(response)
    taken = Diagnostic.objects.get()
    assert response.redirect_chain[-1][0] == taken.get_absolute_url()
    assert "Environ 4 643 kg CO2e par an" in page.replace("\u202f", " ").replace("\xa0", " ")
    assert page.index("Chauffer moins, et mieux") < page.index("Moins de kilomètres seul")
    assert "Nadia Benali" in page  # an expert of the territory for the lever's domain
    velo = Challenge.objects.get(slug="journee-sans-voiture-velo")
    assert velo.title in page
    assert (
        "%s?commune=P%%C3%%A9zenas%%20%%2834%%29" % velo.get_absolute_url()
        in response.content.decode()
    )
    assert "/accompagnement/demander/?domaine=energy-housing" in page


def test_i_dont_know_everywhere_is_accepted_and_said(client, challenges, person):
    client.force_login(person)
    unknown = answers(
        q_household="",
        q_surface="",
        q_heating="unknown",
        q_comfort="unknown",
        q_car_km="",
        q_flight_short_hours="",
        q_flight_long_hours="",
        q_diet="unknown",
        q_tshirts="",
        q_trousers="",
        q_jumpers="",
        q_shoes="",
        q_smartphones="",
        q_computers="",
        q_tvs="",
        q_renewal="unknown",
        q_internet_hours="",
    )
    page = text_of(client.post(TAKE, unknown, follow=True))
    assert "Estimation grossière" in page
    assert Diagnostic.objects.get().answers["surface"] == "unknown"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"q_surface": "-5"}, "supérieure ou égale à 9"),
        ({"q_surface": "beaucoup"}, "Saisissez un nombre"),
        ({"q_diet": ""}, "Choisissez une réponse, ou « je ne sais pas »"),
        ({"q_heating": "nuclear"}, "Sélectionnez un choix valide"),
        ({"commune": "Atlantide"}, "Aucune commune ne correspond"),
    ],
)
def test_bad_answers_are_explained_and_save_nothing(client, challenges, person, changes, message):
    client.force_login(person)
    response = client.post(TAKE, answers(**changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Diagnostic.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "staff", "staff_password_only"])
def test_a_diagnostic_is_its_authors_alone(client, challenges, person, staff, who):
    client.force_login(person)
    client.post(TAKE, answers())
    url = Diagnostic.objects.get().get_absolute_url()
    client.logout()
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "staff":
        sign_in_with_second_factor(client, staff)
    elif who == "staff_password_only":
        client.force_login(staff)
    assert client.get(url).status_code == 404


def test_an_unknown_questionnaire_is_not_found(client, person):
    client.force_login(person)
    assert client.get(reverse("support:diagnostic_take", args=["horoscope"])).status_code == 404


def test_a_retake_shows_what_changed_and_apart_the_defis_done_since(client, challenges):
    marathon, stage = marathon_with_stage("journee-sans-voiture-velo")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    client.force_login(person)
    start = timezone.now()
    with time_machine.travel(start - datetime.timedelta(days=30), tick=False):
        client.post(TAKE, answers())
    place = PlaceFactory(commune=commune("34199"))
    token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=start))
    complete_challenge(
        person=person,
        token=token,
        stage=stage,
        challenge=Challenge.objects.get(slug="journee-sans-voiture-velo"),
        at=start,
    )
    form = client.get(TAKE)
    assert 'value="8000' in form.content.decode()  # the previous answers are offered again
    page = text_of(client.post(TAKE, answers(q_car_km="4000"), follow=True))
    assert Diagnostic.objects.count() == 2
    normalised = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "Mobilité : 1 741 → 870 kg CO2e (-870)" in normalised
    assert "1 défi relevé entre-temps" in normalised
    assert "Une journée sans voiture, à vélo" in normalised
    assert "jamais converti en baisse" in normalised
