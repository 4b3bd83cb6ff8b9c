import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from terreau.core.models import Theme
from terreau.places.models import HostInvitation, OpeningHours, Place, PlaceHost, PlaceReport
from tests.accounts.factories import UserFactory, sign_in
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def proposal(**overrides):
    data = {
        "name": "Le Fournil partagé",
        "kind": "tiers-lieu",
        "description": "Un four à pain et un atelier de réparation.",
        "address": "2 rue Conti",
        "commune": "Pézenas",
        "latitude": "",
        "longitude": "",
        "website": "fournil.example.org",
        "themes": [str(Theme.objects.get(slug="faire-societe").pk)],
        "d1_1_opens": "09:00",
        "d1_1_closes": "12:00",
        "d1_2_opens": "14:00",
        "d1_2_closes": "18:00",
    }
    data.update(overrides)
    return data


def test_proposed_place_awaits_moderation_and_its_proposer_hosts_it(client, person, territories):
    client.force_login(person)
    response = client.post(reverse("places:propose"), proposal())
    place = Place.objects.get()
    assert response.url == place.get_absolute_url()
    assert place.status == Place.Status.PROPOSED
    assert place.commune == commune("34199")
    assert place.website == "https://fournil.example.org"
    assert PlaceHost.objects.filter(place=place, person=person).exists()
    assert [str(h) for h in place.opening_hours.all()] == ["mardi 09:00–12:00", "mardi 14:00–18:00"]
    # the proposer sees it with its state; a visitor does not see it at all
    assert "En attente de modération" in client.get(place.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(place.get_absolute_url()).status_code == 404


def test_proposing_needs_an_account(client, territories):
    response = client.get(reverse("places:propose"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "Ce champ est obligatoire."),
        ("kind", "chateau", "Sélectionnez un choix valide"),
        ("commune", "Atlantide", "Aucune commune ne correspond"),
        ("latitude", "43.4", "Indiquez la latitude et la longitude ensemble"),
        ("latitude", "123", "inférieure ou égale à 90"),
        ("themes", [], "Choisissez au moins un thème."),
        ("website", "javascript:alert(1)", "Saisissez une URL valide."),
        ("d1_1_closes", "08:00", "l'ouverture doit précéder la fermeture"),
        ("d1_2_opens", "11:00", "le second créneau doit commencer après la fin du premier"),
        ("d1_1_opens", "25:99", "Heure invalide"),
        ("description", "x" * 5000, "au plus 4000 caractères"),
        ("siret", "43493312300028", "Ce SIRET n'est pas valide"),
        ("rna", "123", "W suivi de neuf chiffres"),
        ("digital_services", ["Jouer en ligne"], "Sélectionnez un choix valide"),
    ],
)
def test_bad_proposals_are_refused_in_french_and_change_nothing(
    client, person, territories, field, value, message
):
    client.force_login(person)
    response = client.post(reverse("places:propose"), proposal(**{field: value}))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not Place.objects.exists()
    assert not OpeningHours.objects.exists()


@pytest.mark.parametrize(
    ("who", "can_edit"),
    [
        ("anonymous", False),
        ("stranger", False),
        ("host", True),
        ("staff", True),
        ("staff-password-only", False),
    ],
)
def test_who_may_edit_a_place(client, territories, staff, who, can_edit):
    host = UserFactory()
    place = PlaceFactory(host=host, name="Avant")
    users = {
        "anonymous": None,
        "stranger": UserFactory(),
        "host": host,
        "staff": staff,
        "staff-password-only": staff,
    }
    if who == "staff-password-only":
        client.force_login(staff)
    elif users[who]:
        sign_in(client, users[who])
    data = proposal(name="Après", commune="Pézenas (34)")
    response = client.post(reverse("places:edit", args=[place.pk]), data)
    place.refresh_from_db()
    assert (place.name == "Après") is can_edit
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif not can_edit:  # staff without the second factor are residents here
        assert response.status_code == 403


def test_a_host_says_what_digital_mediation_the_place_offers(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host)
    sign_in(client, host)
    data = proposal(
        commune="Pézenas (34)",
        siret="43493312300029",
        digital_services=["Loisirs et créations numériques", "Aide aux démarches administratives"],
    )
    client.post(reverse("places:edit", args=[place.pk]), data)
    place.refresh_from_db()
    assert place.siret == "43493312300029"
    # In the standard's order and with its separator.
    assert place.digital_services == (
        "Aide aux démarches administratives|Loisirs et créations numériques"
    )
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Aide aux démarches administratives, Loisirs et créations numériques" in page
    form = client.get(reverse("places:edit", args=[place.pk])).content.decode()
    assert form.count("checked") >= 2


def test_filters_by_kind_and_theme(client, territories):
    PlaceFactory(name="La Recyclerie", kind="ressourcerie")
    PlaceFactory(name="Les Castors", kind="jardin-partage")
    page = client.get(reverse("places:list"), {"type": "ressourcerie"}).content.decode()
    assert "La Recyclerie" in page
    assert "Les Castors" not in page
    page = client.get(reverse("places:list"), {"theme": "faire-societe"}).content.decode()
    assert "La Recyclerie" in page
    assert "Les Castors" in page
    page = client.get(reverse("places:list"), {"theme": "developpement-durable"}).content.decode()
    assert "Aucun lieu publié ici pour l" in page


def test_territory_place_list_includes_the_communes_below(client, territories):
    PlaceFactory(name="À Pézenas", commune=commune("34199"))
    PlaceFactory(name="À Mazamet", commune=commune("81163"))
    page = client.get(reverse("places:territory_list", args=["departement", "34"])).content.decode()
    assert "À Pézenas" in page
    assert "À Mazamet" not in page


def test_host_invites_a_cohost_who_accepts_once(
    client, territories, django_capture_on_commit_callbacks
):
    host, guest = UserFactory(), UserFactory(email="invitee@example.org")
    place = PlaceFactory(host=host)
    client.force_login(host)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("places:hosts", args=[place.pk]), {"email": "invitee@example.org"})
    run_worker()
    invitation = HostInvitation.objects.get()
    assert mail.outbox[-1].to == ["invitee@example.org"]
    assert invitation.token in mail.outbox[-1].body

    client.force_login(guest)
    url = reverse("places:accept_invitation", args=[invitation.token])
    assert client.get(url).status_code == 200
    client.post(url)
    assert PlaceHost.objects.filter(place=place, person=guest).exists()
    # a second use of the same link changes nothing
    other = UserFactory()
    client.force_login(other)
    client.post(url)
    assert not PlaceHost.objects.filter(place=place, person=other).exists()


def test_an_invitation_carries_no_text_of_the_host(
    client, territories, django_capture_on_commit_callbacks
):
    """Issue 21, 13: the place's name and the host's display name are typed
    by the host; the e-mail carries neither, only fixed words and links."""
    host = UserFactory(display_name="Gagnez 1000 € sur https://arnaque.example")
    place = PlaceFactory(host=host, name="Cliquez ici https://arnaque.example")
    client.force_login(host)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("places:hosts", args=[place.pk]), {"email": "cible@example.org"})
    run_worker()
    message = mail.outbox[-1]
    assert "arnaque" not in message.subject + message.body
    assert place.get_absolute_url() in message.body


def test_invitations_are_limited_per_host_and_per_address(
    client, territories, django_capture_on_commit_callbacks, time_machine
):
    host = UserFactory()
    place = PlaceFactory(host=host)
    client.force_login(host)
    url = reverse("places:hosts", args=[place.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(url, {"email": "meme@example.org"})
        response = client.post(url, {"email": "meme@example.org"})
        assert "Cette adresse a déjà reçu plusieurs invitations" in html.unescape(
            response.content.decode()
        )
        for n in range(7):
            client.post(url, {"email": "invite%d@example.org" % n})
        response = client.post(url, {"email": "une-de-trop@example.org"})
    run_worker()
    assert "réessayez demain" in html.unescape(response.content.decode())
    assert HostInvitation.objects.count() == 10
    assert len(mail.outbox) == 10
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1, minutes=1))
    client.post(url, {"email": "une-de-trop@example.org"})
    assert HostInvitation.objects.count() == 11


def test_expired_or_unknown_invitations_are_refused(client, territories, time_machine):
    host, guest = UserFactory(), UserFactory()
    place = PlaceFactory(host=host)
    invitation = HostInvitation.objects.create(
        place=place, email=guest.email, invited_by=host, token="t" * 40
    )
    time_machine.move_to(invitation.created_at + datetime.timedelta(days=15))
    client.force_login(guest)
    client.post(reverse("places:accept_invitation", args=[invitation.token]))
    assert not PlaceHost.objects.filter(person=guest).exists()
    assert client.get(reverse("places:accept_invitation", args=["inconnue"])).status_code == 404


def test_only_hosts_invite(client, person, territories):
    place = PlaceFactory()
    client.force_login(person)
    assert (
        client.post(
            reverse("places:hosts", args=[place.pk]), {"email": "x@example.org"}
        ).status_code
        == 403
    )
    assert not HostInvitation.objects.exists()


def test_reporting_a_problem_once_per_person(client, person, territories):
    place = PlaceFactory()
    client.force_login(person)
    url = reverse("places:report", args=[place.pk])
    client.post(url, {"reason": "closed", "message": "Fermé depuis juin."})
    response = client.post(url, {"reason": "other", "message": "Encore"}, follow=True)
    assert "Vous avez déjà signalé ce lieu" in response.content.decode()
    assert PlaceReport.objects.count() == 1


def test_a_report_with_an_unknown_reason_is_refused(client, person, territories):
    place = PlaceFactory()
    client.force_login(person)
    response = client.post(reverse("places:report", args=[place.pk]), {"reason": "nope"})
    assert response.status_code == 200
    assert not PlaceReport.objects.exists()
