"""E-mails people expect (issue 13, 1, third point): each answers something
the person did or something done for them, goes through the durable queue,
and can be turned off in the profile; none is a nudge."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.challenges import services as challenges
from terreau.challenges.models import TeamRequest
from terreau.events import services as events
from terreau.governance import services as governance
from terreau.governance.models import Amendment, Consultation, Law
from tests.accounts.factories import UserFactory
from tests.challenges.factories import marathon_with_stage, participant
from tests.events.factories import EventFactory
from tests.governance.factories import assembly, cooperative, member
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def subjects(person):
    return [m.subject for m in run_worker() if m.to == [person.email]]


def test_a_registration_is_confirmed_with_the_events_calendar_file(territories):
    event = EventFactory(title="Repair café", capacity=1)
    first, second = UserFactory(), UserFactory()
    events.register_for_event(event=event, person=first, at=timezone.now())
    events.register_for_event(event=event, person=second, at=timezone.now())
    sent = run_worker()
    confirmed = next(m for m in sent if m.to == [first.email])
    assert confirmed.subject == "Inscription confirmée : « Repair café »"
    ((name, content, mimetype),) = confirmed.attachments
    assert (name, mimetype) == ("terreau-evenement-%d.ics" % event.pk, "text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Repair café"
    waiting = next(m for m in sent if m.to == [second.email])
    assert waiting.subject == "Liste d'attente : « Repair café »"


def test_a_person_who_turned_confirmations_off_still_hears_of_a_cancellation(client, territories):
    person = UserFactory()
    client.force_login(person)
    client.post(
        reverse("accounts:profile"),
        {"display_name": person.display_name, "notify_teams": "on", "notify_governance": "on"},
    )
    person.refresh_from_db()
    assert person.notify_registrations is False
    event = EventFactory(title="Fresque")
    events.register_for_event(event=event, person=person, at=timezone.now())
    assert subjects(person) == []
    events.cancel_event(event=event, reason="Salle fermée.", at=timezone.now())
    assert subjects(person) == ["Annulé : « Fresque »"]


def test_a_captain_hears_of_a_request_and_the_person_of_the_answer(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    captain = participant(marathon, UserFactory(home_commune=commune("34199")))
    team = challenges.create_team(person=captain, marathon=marathon, name="Voisins", kind="family")
    asker = participant(marathon, UserFactory(home_commune=commune("34199"), display_name="Noé"))
    challenges.request_to_join(person=asker, team=team)
    assert subjects(captain) == ["Noé demande à rejoindre « Voisins »"]
    client.force_login(captain)
    join_request = TeamRequest.objects.get()
    client.post(reverse("challenges:team_refuse", args=[team.pk, join_request.pk]))
    assert not TeamRequest.objects.exists()
    assert subjects(asker) == ["Réponse de « Voisins »"]
    assert "n'a pas donné suite" in run_worker()[-1].body
    # Asked again, and accepted this time.
    challenges.request_to_join(person=asker, team=team)
    client.post(reverse("challenges:team_accept", args=[team.pk, TeamRequest.objects.get().pk]))
    assert subjects(asker)[-1] == "Vous faites partie de « Voisins »"


def test_a_captain_who_turned_team_emails_off_hears_nothing(territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    captain = participant(marathon, UserFactory(home_commune=commune("34199"), notify_teams=False))
    team = challenges.create_team(person=captain, marathon=marathon, name="Calmes", kind="family")
    asker = participant(marathon, UserFactory(home_commune=commune("34199")))
    challenges.request_to_join(person=asker, team=team)
    assert subjects(captain) == []


def test_a_proxy_holder_is_told_and_an_amendments_author_hears_its_fate(territories):
    colleges = cooperative()
    giver, holder = member(colleges[0]), member(colleges[0])
    meeting = assembly()
    before = subjects(holder.person)  # the receipt of the application, the welcome, the convocation
    governance.give_proxy(assembly=meeting, person=giver.person, holder_number=holder.number)
    assert subjects(holder.person)[len(before) :] == [
        "Procuration reçue pour « Assemblée générale de test »"
    ]

    author = UserFactory()
    consultation = Consultation.objects.create(
        title="Sobriété",
        text="Texte.",
        law=Law.objects.get(number=4),
        author=UserFactory(),
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    amendment = governance.propose_amendment(
        consultation=consultation, person=author, proposal="Compter les images.", reason=""
    )
    governance.answer_amendment(
        amendment=amendment,
        person=consultation.author,
        status=Amendment.Status.REJECTED,
        answer="Déjà couvert par l'article 2.",
    )
    assert subjects(author) == ["Votre amendement : rejeté"]
    assert "Déjà couvert par l'article 2." in run_worker()[-1].body
