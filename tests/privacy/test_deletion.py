"""Deleting an account (GDPR article 17): what goes, what stays without the
person, and a search of the whole database afterwards."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.models import User
from terreau.boussole import services as boussole
from terreau.boussole.models import Assessment
from terreau.challenges.models import Challenge, Completion
from terreau.checkins import tokens
from terreau.checkins.models import CheckIn
from terreau.events.models import Registration
from terreau.governance import services as governance
from terreau.governance.models import Amendment, Comment, Consultation, Law, Member
from tests.accounts.factories import PASSWORD, UserFactory
from tests.boussole.factories import adopt_founding_set
from tests.boussole.factories import published as published_assessment
from tests.boussole.factories import start as start_assessment
from tests.causes.factories import open_round, published_cause
from tests.challenges.factories import complete_challenge, marathon_with_stage, participant
from tests.checkins.factories import open_every_day
from tests.events.factories import EventFactory
from tests.governance.factories import cooperative, member
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

EMAIL = "awa.diallo@exemple.org"
NAME = "Awa Diallo-Ferrand"
LEGAL = "Awa Mariam Diallo-Ferrand"
ADDRESS = "7 impasse des Tilleuls"


def every_text_holding(*needles) -> dict[str, set[str]]:
    """Every table and column whose text holds one of `needles`, read with
    the database's own catalogue: nothing escapes a search written this way."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                quoted = connection.ops.quote_name(column.name)
                cursor.execute(
                    "SELECT %s FROM %s" % (quoted, connection.ops.quote_name(table))  # noqa: S608
                )
                for (value,) in cursor.fetchall():
                    text = value if isinstance(value, str) else str(value or "")
                    for needle in needles:
                        if needle.lower() in text.lower():
                            found.setdefault(needle, set()).add("%s.%s" % (table, column.name))
    return found


@pytest.fixture
def awa(territories):
    """A person with a bit of everything: an upcoming seat someone waits
    for, a défi done on a presence, a team, a cause supported, a membership
    of the cooperative, an amendment and a comment, e-mails received."""
    person = UserFactory(email=EMAIL, display_name=NAME, home_commune=commune("34199"))
    event = EventFactory(capacity=1)
    Registration.objects.create(event=event, person=person, status="confirmed")
    event.seats_taken = 1
    event.save(update_fields=["seats_taken"])
    waiting = UserFactory()
    Registration.objects.create(event=event, person=waiting, status="waiting")
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    participant(marathon, person)
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    open_every_day(place)
    token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=timezone.now()))
    challenge = Challenge.objects.get(slug="ressourcerie-jean")
    complete_challenge(
        person=person, token=token, stage=stage, challenge=challenge, at=timezone.now()
    )
    published_cause(open_round()).supports.create(person=person)
    colleges = cooperative()
    admitted = member(colleges[0], person=person)
    Member.objects.filter(pk=admitted.pk).update(
        legal_name=LEGAL, postal_address=ADDRESS + "\n34120 Pézenas"
    )
    consultation = Consultation.objects.create(
        title="Décret sur les données",
        text="Article 1 : rien de plus que nécessaire.",
        law=Law.objects.get(number=5),
        author=UserFactory(is_staff=True),
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    amendment = governance.propose_amendment(
        consultation=consultation, person=person, proposal="Dire combien de temps.", reason=""
    )
    governance.comment(consultation=consultation, person=person, text="Signé %s" % NAME)
    run_worker()  # the e-mails of the membership go out
    return {
        "person": person,
        "event": event,
        "waiting": waiting,
        "consultation": consultation,
        "amendment": amendment,
    }


def delete(client, person, password=PASSWORD):
    client.force_login(person)
    return client.post(reverse("privacy:delete"), {"password": password})


def test_after_deletion_the_person_is_found_only_where_the_page_says_it_stays(client, awa):
    person = awa["person"]
    checkins, completions = CheckIn.objects.count(), Completion.objects.count()
    before = every_text_holding(EMAIL, NAME, LEGAL, ADDRESS)
    assert EMAIL in before  # the search finds what is there
    response = delete(client, person)
    assert response.status_code == 302
    assert not User.objects.filter(email=EMAIL).exists()
    # What stays, without the person.
    assert CheckIn.objects.count() == checkins
    assert Completion.objects.count() == completions
    assert CheckIn.objects.filter(person__isnull=True).count() == 1
    kept = Member.objects.get(legal_name=LEGAL)
    assert kept.person is None
    # Nothing else holds them.
    assert every_text_holding(EMAIL, NAME, LEGAL, ADDRESS) == {
        LEGAL: {"governance_member.legal_name"},
        ADDRESS: {"governance_member.postal_address"},
    }


def test_the_freed_seat_goes_to_the_waiting_list(client, awa):
    delete(client, awa["person"])
    event = awa["event"]
    event.refresh_from_db()
    assert event.seats_taken == 1
    assert event.registrations.get().person == awa["waiting"]
    assert event.registrations.get().status == "confirmed"


def test_the_confirmation_says_what_goes_and_what_stays_and_a_wrong_password_changes_nothing(
    client, awa
):
    client.force_login(awa["person"])
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "Ce qui part avec le compte" in page
    assert "la loi impose à une coopérative de tenir ce registre" in page
    response = client.post(reverse("privacy:delete"), {"password": "pas-le-bon"})
    assert "Ce n&#x27;est pas votre mot de passe." in response.content.decode()
    assert User.objects.filter(email=EMAIL).exists()


def test_a_staff_account_that_recorded_register_lines_is_refused(client, territories):
    colleges = cooperative()
    staff = UserFactory(is_staff=True)
    member(colleges[0], staff=staff)
    client.force_login(staff)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "a enregistré des lignes du registre des sociétaires" in page
    client.post(reverse("privacy:delete"), {"password": PASSWORD})
    assert User.objects.filter(pk=staff.pk).exists()


def test_an_amendment_stays_unsigned_and_a_comment_goes(client, awa):
    delete(client, awa["person"])
    amendment = Amendment.objects.get(pk=awa["amendment"].pk)
    assert amendment.author is None
    assert not Comment.objects.exists()
    page = client.get(awa["consultation"].get_absolute_url()).content.decode()
    assert "Dire combien de temps." in page
    assert "par compte supprimé" in page


def test_a_boussole_draft_goes_and_what_was_published_stays_unsigned(client, awa):
    person = awa["person"]
    adopt_founding_set()
    draft = start_assessment(person, name="Brouillon d'Awa")
    shared = published_assessment(person, name="Carte des composteurs")
    remark = boussole.remark(
        assessment=shared, person=person, at=timezone.now(), text="Mesure refaite en mars."
    )
    client.force_login(person)
    trace = client.get(reverse("privacy:trace")).content.decode()
    assert "Brouillon d&#x27;Awa" in trace
    assert "Mesure refaite en mars." in trace
    delete(client, person)
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    shared.refresh_from_db()
    remark.refresh_from_db()
    assert (shared.author, shared.is_published, remark.person) == (None, True, None)
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Mesure refaite en mars." in page
    assert NAME not in page
