import datetime
import json
import re
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from terreau.core.models import OutgoingEmail, Theme
from terreau.events import services
from terreau.events.models import Event, Registration
from tests.accounts.factories import UserFactory, sign_in
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# "The future" for the event forms: two months from the day the tests run.
FUTURE_DAY = timezone.localdate() + datetime.timedelta(days=60)


def event_data(**overrides):
    data = {
        "title": "Repair café",
        "description": "Apportez vos objets cassés.",
        "starts_at": "%sT14:00" % FUTURE_DAY.isoformat(),
        "ends_at": "%sT17:30" % FUTURE_DAY.isoformat(),
        "registration_required": "on",
        "capacity": "12",
        "themes": [str(Theme.objects.get(slug="developpement-durable").pk)],
        "accessibility": "Plain-pied.",
        "is_free": "on",
        "price": "",
        "price_note": "",
    }
    data.update(overrides)
    return data


def test_a_host_publishes_an_event_in_the_places_local_time(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host)
    client.force_login(host)
    response = client.post(reverse("events:create", args=[place.pk]), event_data())
    event = Event.objects.get()
    assert response.url == event.get_absolute_url()
    assert event.starts_at == datetime.datetime.combine(
        FUTURE_DAY, datetime.time(14, 0), tzinfo=PARIS
    )
    assert event.ends_at - event.starts_at == datetime.timedelta(hours=3, minutes=30)


def test_an_overseas_place_keeps_its_own_clock(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host, commune=commune("97105"))  # Basse-Terre, Guadeloupe
    client.force_login(host)
    client.post(reverse("events:create", args=[place.pk]), event_data())
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime.combine(
        FUTURE_DAY, datetime.time(18, 0), tzinfo=datetime.UTC
    )
    assert "14:00" in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_at", "%sT13:00" % FUTURE_DAY.isoformat(), "La fin doit venir après le début."),
        (
            "ends_at",
            "%sT14:01" % (FUTURE_DAY + datetime.timedelta(days=31)).isoformat(),
            "Un événement dure au plus 31 jours",
        ),
        ("starts_at", "2020-01-01T10:00", "Le début est déjà passé."),
        ("starts_at", "demain", "Date et heure invalides"),
        ("is_free", "", "Indiquez le tarif, ou cochez « gratuit »."),
        ("price", "5", "Un événement gratuit n'a pas de tarif"),
        ("capacity", "0", "Une jauge de 0 place"),
        ("capacity", "-3", "supérieure ou égale à 0"),
        ("title", "  ", "Ce champ est obligatoire."),
    ],
)
def test_bad_events_are_refused_in_french_and_change_nothing(
    client, territories, field, value, message
):
    host = UserFactory()
    place = PlaceFactory(host=host)
    client.force_login(host)
    response = client.post(reverse("events:create", args=[place.pk]), event_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not Event.objects.exists()


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
def test_who_may_publish_and_manage_events(client, territories, staff, who, allowed):
    host = UserFactory()
    event = EventFactory(place=PlaceFactory(host=host), title="Avant")
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
    client.post(reverse("events:create", args=[event.place.pk]), event_data(title="Nouveau"))
    assert Event.objects.filter(title="Nouveau").exists() is allowed
    response = client.get(reverse("events:registrations", args=[event.pk]))
    assert (response.status_code == 200) is allowed
    client.post(reverse("events:cancel", args=[event.pk]), {"reason": "Test"})
    event.refresh_from_db()
    assert event.is_cancelled is allowed


def test_no_event_at_a_place_awaiting_moderation(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host, status="proposed")
    client.force_login(host)
    assert client.get(reverse("events:create", args=[place.pk])).status_code == 403


def test_register_then_unregister_through_the_page(client, person, territories):
    event = EventFactory(capacity=1)
    client.force_login(person)
    page = client.post(reverse("events:register", args=[event.pk]), follow=True).content.decode()
    assert "votre place est réservée" in page
    assert "Vous êtes inscrit·e." in page
    page = client.post(reverse("events:unregister", args=[event.pk]), follow=True).content.decode()
    assert "Votre inscription est annulée." in page
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)  # the request's own transaction, not the test's
# The shared cache outside the database, as Redis in production: the
# version bumps (`core.versions`) are not SQL there.
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_a_registration_writes_its_seat_and_the_task_of_its_email_in_few_queries(
    client, person, territories
):
    """The seat, the registration and the task that will write the
    confirmation e-mail, in one transaction: no savepoint, no e-mail
    rendered in the request. (`make bench` measures the same request at
    France scale.)"""
    event = EventFactory(capacity=10, title="Atelier couture")
    assert person.notify_registrations  # an e-mail will follow
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302
    statements = [query["sql"] for query in queries]
    assert not [sql for sql in statements if "SAVEPOINT" in sql], statements
    assert not [sql for sql in statements if "core_outgoingemail" in sql], statements
    assert len(statements) <= 8, statements
    assert not OutgoingEmail.objects.exists()
    (sent,) = run_worker()
    assert (sent.to, sent.subject) == (
        [person.email],
        "Inscription confirmée : « Atelier couture »",
    )


def test_no_confirmation_once_the_person_has_left_the_event(client, person, territories):
    """The worker writes the e-mail a moment later: a person who registered
    and left in between is told nothing."""
    event = EventFactory(capacity=10)
    client.force_login(person)
    client.post(reverse("events:register", args=[event.pk]))
    client.post(reverse("events:unregister", args=[event.pk]))
    assert not Registration.objects.exists()
    assert run_worker() == []
    (task,) = DBTaskResult.objects.filter(task_path__endswith=".confirm_registration")
    assert task.status == "SUCCESSFUL"  # done, with nothing to send, rather than failed


def test_a_full_event_offers_the_waiting_list_with_its_position(client, territories):
    event = EventFactory(capacity=1)
    services.register_for_event(event=event, person=UserFactory(), at=timezone.now())
    client.force_login(UserFactory())
    assert "Rejoindre la liste d" in client.get(event.get_absolute_url()).content.decode()
    page = client.post(reverse("events:register", args=[event.pk]), follow=True).content.decode()
    assert "position 1" in page


def test_registration_needs_a_post_and_an_account(client, territories):
    event = EventFactory()
    assert client.get(reverse("events:register", args=[event.pk])).status_code == 405
    assert client.post(reverse("events:register", args=[event.pk])).status_code == 302
    assert not Registration.objects.exists()


def test_cancelled_event_stays_visible_as_cancelled(client, territories):
    event = EventFactory(status=Event.Status.CANCELLED, cancellation_reason="Pluie")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Événement annulé : Pluie" in page
    assert "Je m&#x27;inscris" not in page


def test_event_page_carries_schema_org_json_ld(client, territories):
    event = EventFactory(title="Fresque du climat", capacity=20)
    page = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert data["@type"] == "Event"
    assert data["name"] == "Fresque du climat"
    assert data["location"]["address"]["addressLocality"] == "Pézenas"
    assert datetime.datetime.fromisoformat(data["startDate"]) == event.starts_at
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_text_that_opens_a_comment_or_a_script_cannot_end_the_json_ld(client, territories):
    """`<!--<script>` in a title kept the browser inside the JSON-LD script
    to the end of the page (issue 21, 15): <, > and & are escaped as Django's
    json_script does, and the JSON still reads back to the same text."""
    title = "Soirée <!--<script> & </script> contes"
    event = EventFactory(title=title, description="<!-- fin")
    page = client.get(event.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    for character in "<>&":
        assert character not in script
    assert json.loads(script)["name"] == title
    # The page goes on after the script: its heading and footer are there.
    assert page.index("</script>") < page.index("<h1")
    assert "<footer" in page


def test_a_negative_price_is_refused_in_french(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host)
    client.force_login(host)
    response = client.post(
        reverse("events:create", args=[place.pk]), event_data(is_free="", price="-5")
    )
    assert response.status_code == 200
    assert "Un tarif ne peut pas être négatif." in response.content.decode()
    assert not Event.objects.exists()


def test_an_epci_agenda_includes_its_communes_and_filters_by_date_and_theme(client, territories):
    EventFactory(title="À Pézenas", place=PlaceFactory(commune=commune("34199")))
    EventFactory(title="À Mazamet", place=PlaceFactory(commune=commune("81163")))
    url = reverse("events:territory_agenda", args=["epci", "243400819"])
    page = client.get(url).content.decode()
    assert "À Pézenas" in page
    assert "À Mazamet" not in page
    later = (timezone.now() + datetime.timedelta(days=30)).date().isoformat()
    assert "À Pézenas" not in client.get(url, {"du": later}).content.decode()
    assert "À Pézenas" not in client.get(url, {"theme": "faire-societe"}).content.decode()
    assert (
        "La date de fin précède"
        in client.get(
            url,
            {"du": FUTURE_DAY.isoformat(), "au": (FUTURE_DAY - datetime.timedelta(1)).isoformat()},
        ).content.decode()
    )


def test_past_events_stay_reachable(client, territories):
    now = timezone.now()
    EventFactory(
        title="L'an dernier",
        starts_at=now - datetime.timedelta(days=300),
        ends_at=now - datetime.timedelta(days=300, hours=-2),
    )
    url = reverse("events:agenda")
    assert "L&#x27;an dernier" not in client.get(url).content.decode()
    assert "L&#x27;an dernier" in client.get(url, {"passes": "on"}).content.decode()


def test_an_event_under_way_is_listed_until_it_ends_the_longest_included(client, territories):
    """Listings walk the index on the start from 31 days back (the longest an
    event may last): an event begun 30 days ago and ending tomorrow is still
    on the agenda and the home page, first since it began first."""
    now = timezone.now()
    EventFactory(title="Exposition du mois", starts_at=now - datetime.timedelta(days=30))
    Event.objects.filter(title="Exposition du mois").update(
        ends_at=now + datetime.timedelta(days=1)
    )
    EventFactory(title="Atelier de demain", starts_at=now + datetime.timedelta(days=1))
    for url in (reverse("events:agenda"), reverse("pages:home")):
        page = client.get(url).content.decode()
        assert page.index("Exposition du mois") < page.index("Atelier de demain"), url


def test_near_me_opens_the_agenda_of_my_intercommunality(client, territories):
    client.force_login(UserFactory(home_commune=commune("34199")))
    response = client.get(reverse("events:near_me"))
    assert response.url == reverse("events:territory_agenda", args=["epci", "243400819"])
    client.force_login(UserFactory())
    assert client.get(reverse("events:near_me")).url == reverse("accounts:profile")


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_territory_feed_is_valid_icalendar_with_time_zones(client, territories):
    event = EventFactory(title="Atelier vélo", place=PlaceFactory(commune=commune("97105")))
    EventFactory(title="À Pézenas")
    calendar = parse(client.get(reverse("events:territory_ical", args=["departement", "971"])))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Atelier vélo"
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at
    assert str(start.tzinfo) == "America/Guadeloupe"
    assert vevent["DTSTART"].params["TZID"] == "America/Guadeloupe"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Guadeloupe"]
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]


def test_place_feed_lists_upcoming_events_and_marks_cancelled_ones(client, territories):
    place = PlaceFactory()
    EventFactory(place=place, title="Annulé", status=Event.Status.CANCELLED)
    calendar = parse(client.get(reverse("events:place_ical", args=[place.pk])))
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CANCELLED"]


def test_personal_feed_is_secret_and_revocable(client, person, territories):
    event = EventFactory(title="Mon atelier")
    EventFactory(title="Pas le mien")
    services.register_for_event(event=event, person=person, at=timezone.now())
    old = services.renew_calendar_token(person=person).token
    calendar = parse(client.get(reverse("events:personal_ical", args=[old])))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Mon atelier"]
    client.force_login(person)
    client.post(reverse("events:renew_feed"))
    assert client.get(reverse("events:personal_ical", args=[old])).status_code == 404
    assert "agenda/perso/" in client.get(reverse("events:mine")).content.decode()
