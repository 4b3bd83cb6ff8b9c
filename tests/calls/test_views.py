"""The call and application pages: drafts stay private, counters and
eligibility are shown, a support is a button with a French answer."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terreau.calls import services
from terreau.calls.models import Application, Support
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.html import squeeze
from tests.worker import run_worker

from .factories import MAZAMET, PEZENAS, commune, open_call, resident, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(territories):
    return open_call()


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def test_the_call_page_lists_submitted_applications_with_their_counters(call):
    application = submitted_application(call)
    Application.objects.create(call=call, territory=commune(PEZENAS))  # a draft
    page = Client().get(call.get_absolute_url()).content.decode()
    assert str(application.territory) in page
    assert "Pézenas" not in page.split("Candidatures déposées")[1]
    assert "seuils : 350 habitant·es, 150 lieux" in page
    row = page.split(str(application.territory))[1].split("</tr>")[0]
    assert "<td>0</td><td>0</td><td>pas encore</td>" in squeeze(row)


def test_an_empty_call_says_so(call):
    page = Client().get(call.get_absolute_url()).content.decode()
    assert "Aucune candidature déposée pour l'instant." in page


def test_starting_an_application_finds_the_territory_then_creates_a_private_draft(call):
    author = UserFactory()
    client = signed_in(author)
    found = client.get(reverse("calls:start", args=[call.pk]), {"q": "Pézenas"}).content.decode()
    assert "Candidater pour Pézenas" in found
    pezenas = commune(PEZENAS)
    response = client.post(reverse("calls:start", args=[call.pk]), {"territory": pezenas.pk})
    application = Application.objects.get(territory=pezenas)
    assert response["Location"] == reverse("calls:edit", args=[application.pk])
    assert client.get(application.get_absolute_url()).status_code == 200
    assert signed_in(UserFactory()).get(application.get_absolute_url()).status_code == 404
    assert Client().get(application.get_absolute_url()).status_code == 404


def test_a_second_application_for_the_same_territory_is_refused_in_french(call):
    submitted_application(call, territory=commune(PEZENAS))
    client = signed_in(UserFactory())
    response = client.post(
        reverse("calls:start", args=[call.pk]), {"territory": commune(PEZENAS).pk}, follow=True
    )
    assert "a déjà une candidature à cet appel" in response.content.decode()
    assert Application.objects.count() == 1


def test_authors_write_then_submit(call, django_capture_on_commit_callbacks):
    author = UserFactory()
    client = signed_in(author)
    client.post(reverse("calls:start", args=[call.pk]), {"territory": commune(PEZENAS).pk})
    application = Application.objects.get()
    refused = client.post(reverse("calls:submit", args=[application.pk]), follow=True)
    assert "complétez" in refused.content.decode()
    client.post(
        reverse("calls:edit", args=[application.pk]),
        {"why": "La Peyne déborde.", "who": "Le café associatif.", "plan": "Réparer, planter."},
    )
    co_author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("calls:invite_author", args=[application.pk]), {"email": co_author.email}
        )
    run_worker()
    assert signed_in(co_author).get(application.get_absolute_url()).status_code == 404
    link = re.search(r"https?://[^/]+(/candidatures/invitation/\S+/)", mail.outbox[-1].body)
    co_client = signed_in(co_author)
    assert co_client.get(link.group(1)).status_code == 200
    co_client.post(link.group(1))
    assert co_client.get(application.get_absolute_url()).status_code == 200
    client.post(reverse("calls:submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.is_submitted
    assert Client().get(application.get_absolute_url()).status_code == 200


def test_inviting_a_co_author_says_the_same_whether_an_account_exists(
    call, django_capture_on_commit_callbacks
):
    """Issue 21, 4: the answer named the account's holder or said there was
    none (an e-mail → name oracle), and added the person without consent,
    which made them a juror's conflict of interest."""
    author, juror = UserFactory(), UserFactory(display_name="Juré redouté")
    application = Application.objects.create(call=call, territory=commune(PEZENAS))
    application.authors.add(author)
    client = signed_in(author)
    url = reverse("calls:invite_author", args=[application.pk])
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in (juror.email, "personne-inconnue@example.org"):
            page = client.post(url, {"email": email}, follow=True).content.decode()
            assert "Juré redouté" not in page
            said = re.search(r'<ul class="messages" role="status">(.*?)</ul>', page).group(1)
            answers.append(said.replace(html.escape(email), "…"))
    run_worker()
    assert answers[0] == answers[1]
    assert "Invitation envoyée" in answers[0]
    assert list(application.authors.all()) == [author]
    assert len(mail.outbox) == 2
    assert "Juré redouté" not in mail.outbox[0].body


def test_co_author_invitations_are_rate_limited(call, django_capture_on_commit_callbacks):
    author = UserFactory()
    application = Application.objects.create(call=call, territory=commune(PEZENAS))
    application.authors.add(author)
    client = signed_in(author)
    url = reverse("calls:invite_author", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(11):
            page = client.post(url, {"email": "invite%d@example.org" % n}, follow=True)
    run_worker()
    assert "réessayez demain" in page.content.decode()
    assert application.invitations.count() == 10
    assert len(mail.outbox) == 10


def test_an_invitation_is_used_once(call):
    author, first, second = UserFactory(), UserFactory(), UserFactory()
    application = Application.objects.create(call=call, territory=commune(PEZENAS))
    application.authors.add(author)
    invitation = services.invite_author(
        application=application, invited_by=author, email="x@example.org", at=timezone.now()
    )
    url = reverse("calls:accept_invitation", args=[invitation.token])
    signed_in(first).post(url)
    signed_in(second).post(url)
    assert set(application.authors.all()) == {author, first}
    assert signed_in(second).get(url).status_code == 404


def test_a_resident_supports_and_withdraws_from_the_page(call):
    application = submitted_application(call)
    client = signed_in(resident())
    page = client.post(
        reverse("calls:support", args=[application.pk]), {"kind": "citizen"}, follow=True
    ).content.decode()
    assert "Votre soutien est compté" in page
    assert '<span data-counter="citizens">1</span>' in page
    support = Support.objects.get()
    page = client.post(
        reverse("calls:withdraw", args=[application.pk]), {"support": support.pk}, follow=True
    ).content.decode()
    assert "Votre soutien est retiré" in page
    assert '<span data-counter="citizens">0</span>' in page


def test_a_refused_support_says_why_and_counts_nothing(call):
    application = submitted_application(call)
    page = (
        signed_in(resident(MAZAMET))
        .post(reverse("calls:support", args=[application.pk]), {"kind": "citizen"}, follow=True)
        .content.decode()
    )
    assert "habitez pas" in page
    assert not Support.objects.exists()


@pytest.mark.parametrize("data", [{}, {"kind": "nope"}, {"kind": "place", "place": "x"}])
def test_malformed_supports_get_a_message(call, data):
    application = submitted_application(call)
    response = signed_in(resident()).post(
        reverse("calls:support", args=[application.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert not Support.objects.exists()


def test_co_authors_abandon_a_draft_once_they_confirm(call):
    author = UserFactory()
    client = signed_in(author)
    client.post(reverse("calls:start", args=[call.pk]), {"territory": commune(PEZENAS).pk})
    application = Application.objects.get()
    url = reverse("calls:abandon", args=[application.pk])
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Supprimer le brouillon" in page
    unconfirmed = client.post(url, follow=True).content.decode()
    assert "Cochez la case pour confirmer la suppression." in unconfirmed
    assert Application.objects.exists()
    assert signed_in(UserFactory()).post(url, {"confirm": "on"}).status_code == 404
    assert Application.objects.exists()
    done = client.post(url, {"confirm": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == call.get_absolute_url()
    assert "Le brouillon pour %s est supprimé." % commune(PEZENAS) in done.content.decode()
    assert not Application.objects.exists()


def test_a_submitted_application_offers_no_deletion_and_refuses_one(call):
    author = UserFactory()
    application = submitted_application(call, author=author)
    client = signed_in(author)
    assert (
        "Supprimer le brouillon" not in client.get(application.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("calls:abandon", args=[application.pk]), {"confirm": "on"}, follow=True
    )
    assert "elle ne se supprime pas" in html.unescape(response.content.decode())
    assert Application.objects.filter(pk=application.pk).exists()


def test_a_co_author_leaves_the_team_and_no_longer_sees_the_draft(call):
    first, second = UserFactory(), UserFactory()
    draft = Application.objects.create(call=call, territory=commune(PEZENAS))
    draft.authors.add(first, second)
    client = signed_in(second)
    assert "Quitter l'équipe" in html.unescape(
        client.get(draft.get_absolute_url()).content.decode()
    )
    done = client.post(reverse("calls:leave", args=[draft.pk]), follow=True)
    assert "Vous ne portez plus la candidature de %s." % draft.territory in done.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    alone = signed_in(first)
    page = html.unescape(alone.get(draft.get_absolute_url()).content.decode())
    assert "Quitter l'équipe" not in page  # the last co-author cannot leave
    refused = alone.post(reverse("calls:leave", args=[draft.pk]), follow=True)
    assert "Vous êtes seul·e à porter cette candidature" in html.unescape(refused.content.decode())
    assert list(draft.authors.all()) == [first]


def test_a_refused_team_is_led_to_ask_to_join_without_seeing_the_draft(
    call, django_capture_on_commit_callbacks
):
    holder = UserFactory(display_name="Équipe discrète")
    draft = services.start_application(
        call=call, territory=commune(PEZENAS), person=holder, at=timezone.now()
    )
    services.update_application(
        application=draft, at=timezone.now(), why="Notre secret.", who="", plan=""
    )
    newcomer = UserFactory(display_name="Nouvelle venue")
    client = signed_in(newcomer)
    response = client.post(
        reverse("calls:start", args=[call.pk]), {"territory": commune(PEZENAS).pk}, follow=True
    )
    page = html.unescape(response.content.decode())
    assert response.redirect_chain[-1][0] == reverse("calls:join", args=[draft.pk])
    assert "demander à son équipe de la rejoindre" in page
    assert "Notre secret." not in page
    assert "Équipe discrète" not in page
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("calls:join", args=[draft.pk]), follow=True).content.decode()
    run_worker()
    assert "Votre demande est transmise" in html.unescape(page)

    holder_page = signed_in(holder).get(draft.get_absolute_url()).content.decode()
    assert "Nouvelle venue — %s" % newcomer.email in holder_page
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(holder).post(
            reverse("calls:invite_author", args=[draft.pk]), {"email": newcomer.email}
        )
    run_worker()
    link = re.search(r"https?://[^/]+(/candidatures/invitation/\S+/)", mail.outbox[-1].body)
    client.post(link.group(1))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_table_of_supports_comes_by_pages_of_twenty(client, territories):
    call = open_call()
    communes = Territory.objects.communes().filter(departement__code="34").order_by("name")[:21]
    for territory in communes:
        submitted_application(call, territory=territory)
    first = client.get(call.get_absolute_url()).content.decode()
    assert communes[0].name in first
    assert ">%s</a>" % communes[20] not in first
    assert "Page 1 sur 2" in first
    second = client.get(call.get_absolute_url(), {"page": 2}).content.decode()
    assert ">%s</a>" % communes[20] in second
    assert client.get(call.get_absolute_url(), {"page": "x"}).status_code == 200


def test_staff_check_the_supports_given_in_an_institutions_name(client, territories, staff):
    """Authorities' and places' supports are listed with who gave them;
    residents' only as a count, never by name."""
    from terreau.territories.models import AuthorityRepresentative
    from tests.accounts.factories import sign_in_with_second_factor
    from tests.places.factories import PlaceFactory

    call = open_call()
    application = submitted_application(call)
    mayor = UserFactory(display_name="Maire de l'agglo")
    AuthorityRepresentative.objects.create(
        person=mayor, territory=application.territory, role="Président"
    )
    services.support_as_authority(application=application, person=mayor, at=timezone.now())
    host = UserFactory(display_name="Hôte du lieu")
    place = PlaceFactory(host=host, name="La Remise", commune=commune(PEZENAS))
    services.support_as_place(application=application, person=host, place=place, at=timezone.now())
    citizen = resident()
    services.support_as_citizen(application=application, person=citizen, at=timezone.now())
    url = reverse("calls:supports", args=[call.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    sign_in_with_second_factor(client, staff)
    page = html.unescape(client.get(url).content.decode())
    assert "Maire de l'agglo" in page
    assert "La Remise" in page
    assert "Hôte du lieu" in page
    assert citizen.display_name not in page
    assert "1 soutien d'habitant·e, compté sans nom." in page
