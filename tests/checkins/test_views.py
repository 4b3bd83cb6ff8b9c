import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.checkins import tokens
from terreau.checkins.models import CheckIn
from terreau.events import services as event_services
from tests.accounts.factories import PASSWORD, UserFactory, sign_in
from tests.checkins.factories import open_every_day
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def confirm_url(claim):
    return reverse("pages:presence", args=[tokens.sign(claim)])


def live_event():
    now = timezone.now()
    return EventFactory(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=1)
    )


def event_url(event):
    return confirm_url(
        tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    )


def test_opening_the_code_shows_what_will_be_validated_then_one_tap_records_it(
    client, person, territories
):
    event = live_event()
    url = event_url(event)
    client.force_login(person)
    page = client.get(url).content.decode()
    assert event.title in page
    assert "Je suis là" in page
    assert not CheckIn.objects.exists()
    response = client.post(url)
    assert "Présence enregistrée" in response.content.decode()
    assert CheckIn.objects.get().person == person


def test_signed_out_people_sign_in_and_land_back_on_the_confirmation(client, territories):
    UserFactory(email="passante@example.org")
    url = event_url(live_event())
    page = client.get(url).content.decode()
    assert "Me connecter pour valider" in page
    response = client.post(
        reverse("account_login") + "?next=" + url,
        {"login": "passante@example.org", "password": PASSWORD},
    )
    assert response.url == url
    assert "Je suis là" in client.get(url).content.decode()


def test_an_expired_code_is_refused_in_french(client, person, territories):
    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(hours=5), ends_at=now - datetime.timedelta(hours=3)
    )
    client.force_login(person)
    response = client.post(event_url(event))
    assert response.status_code == 410
    assert "Ce code a expiré" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_mangled_code_is_refused_without_error(client, person, territories):
    client.force_login(person)
    response = client.post(reverse("pages:presence", args=["n'importe-quoi:123"]))
    assert response.status_code == 400
    assert "pas un code de présence Terreau valide" in response.content.decode()


def test_twice_the_same_code_counts_once(client, person, territories):
    url = event_url(live_event())
    client.force_login(person)
    client.post(url)
    response = client.post(url)
    assert "Votre présence est déjà enregistrée." in response.content.decode()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("stranger", False),
        ("host", True),
        ("staff", True),
        ("staff-password-only", False),
    ],
)
def test_who_sees_presence_codes_and_validates(client, territories, staff, who, allowed):
    host, visitor = UserFactory(), UserFactory(display_name="Mamie Jeanne")
    place = PlaceFactory(host=host)
    open_every_day(place)
    event = live_event()
    event.place = place
    event.save()
    event_services.register_for_event(event=event, person=visitor, at=timezone.now())
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
    for name, pk in [
        ("pages:poster", place.pk),
        ("checkins:screen", place.pk),
        ("pages:place_presence", place.pk),
        ("checkins:event_presence", event.pk),
    ]:
        response = client.get(reverse(name, args=[pk]))
        assert (response.status_code == 200) is allowed, name
    client.post(reverse("checkins:validate_at_event", args=[event.pk]), {"person": visitor.pk})
    client.post(reverse("pages:validate_at_place", args=[place.pk]), {"person": visitor.pk})
    assert CheckIn.objects.filter(person=visitor, source="host").count() == (2 if allowed else 0)


def test_poster_prints_a_short_address_that_works_while_the_place_is_open(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host)
    open_every_day(place)
    client.force_login(host)
    page = client.get(reverse("pages:poster", args=[place.pk])).content.decode()
    assert "<svg" in page
    assert 'role="img"' in page
    # What the poster prints under the code (the code itself is read from
    # chromium's screenshots in tests/browser/test_presence_codes.py).
    typed = re.search(r"/p/([2-9A-Z]{3}-[2-9A-Z]{3})</strong>", page).group(1)
    path = client.get(reverse("pages:short_presence", args=[typed]))["Location"]
    visitor = UserFactory()
    client.force_login(visitor)
    assert "Présence enregistrée" in client.post(path).content.decode()


def test_screen_page_reloads_itself_without_script(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host)
    client.force_login(host)
    response = client.get(reverse("checkins:screen", args=[place.pk]))
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="150">' in page
    assert "<script" not in page
    assert "no-store" in response["Cache-Control"]


def test_validating_someone_not_registered_at_the_event_is_refused(client, territories):
    host = UserFactory()
    event = EventFactory(place=PlaceFactory(host=host))
    client.force_login(host)
    response = client.post(
        reverse("checkins:validate_at_event", args=[event.pk]), {"person": "abc"}, follow=True
    )
    assert "pas inscrite" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_my_checkins_lists_only_mine(client, person, territories):
    event = live_event()
    client.force_login(person)
    client.post(event_url(event))
    assert event.title in client.get(reverse("checkins:mine")).content.decode()
    client.force_login(UserFactory())
    assert event.title not in client.get(reverse("checkins:mine")).content.decode()


def test_a_burst_of_check_ins_is_refused_with_a_clear_message(client, person, territories):
    client.force_login(person)
    places = PlaceFactory.create_batch(13)
    now = timezone.now()
    for place in places[:12]:
        open_every_day(place)
        response = client.post(confirm_url(tokens.screen_claim(place_id=place.pk, at=now)))
        assert "Présence enregistrée" in response.content.decode()
    open_every_day(places[12])
    response = client.post(confirm_url(tokens.screen_claim(place_id=places[12].pk, at=now)))
    assert "Trop de validations en peu de temps" in response.content.decode()
    assert CheckIn.objects.filter(person=person).count() == 12
