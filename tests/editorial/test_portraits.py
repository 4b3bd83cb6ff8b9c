"""A portrait is published only with the recorded consent of the person
portrayed (what is shown, when, how, which version of the text); she, or an
editor at her request, withdraws it at any time, and the story is
unpublished at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.editorial import consent
from terreau.editorial.models import PortraitConsent, Story
from tests.accounts.factories import UserFactory
from tests.editorial.factories import editor, make_story
from tests.html import text_of
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def consent_data(**changes):
    return {
        "name": "Josiane Martin",
        "how": "paper",
        "given_on": timezone.localdate().isoformat(),
        "shown": ["name", "photo", "quotes"],
        "agreed": "on",
        "account": "",
        **changes,
    }


@pytest.fixture
def portrait(territories):
    return make_story(published=False, is_portrait=True, title="Josiane, réparatrice")


def test_a_portrait_is_not_published_without_consent(client, portrait):
    client.force_login(editor(commune("34199")))
    response = client.post(
        reverse("editorial:publish", args=[portrait.pk]), {"publish_at": ""}, follow=True
    )
    assert "Un portrait ne se publie qu'avec le consentement enregistré de la personne." in (
        text_of(response)
    )
    portrait.refresh_from_db()
    assert portrait.state == Story.State.DRAFT


def test_with_consent_recorded_it_is_published_and_says_what_was_agreed(client, portrait):
    client.force_login(editor(commune("34199")))
    client.post(reverse("editorial:record_consent", args=[portrait.pk]), consent_data())
    recorded = PortraitConsent.objects.get()
    assert (recorded.text_version, recorded.shown, recorded.how) == (
        consent.VERSION,
        ["name", "photo", "quotes"],
        "paper",
    )
    client.post(reverse("editorial:publish", args=[portrait.pk]), {"publish_at": ""})
    page = text_of(client.get(reverse("editorial:edit", args=[portrait.pk])))
    assert "Josiane Martin a donné son accord le" in page
    client.logout()
    assert client.get(portrait.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"agreed": ""}, "Sans l'accord de la personne sur ce texte, pas de portrait."),
        ({"shown": []}, "Cochez au moins ce que la personne accepte de montrer."),
        (
            {"given_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "Un consentement ne se date pas dans le futur.",
        ),
        ({"account": "personne@nulle.part"}, "Aucun compte Terreau n'a cette adresse."),
    ],
)
def test_a_consent_missing_something_is_refused(client, portrait, changes, message):
    client.force_login(editor(commune("34199")))
    response = client.post(
        reverse("editorial:record_consent", args=[portrait.pk]), consent_data(**changes)
    )
    assert message in text_of(response)
    assert not PortraitConsent.objects.exists()


def test_the_person_withdraws_it_herself_and_it_is_unpublished_at_once(client, portrait):
    josiane = UserFactory(email="josiane@exemple.fr")
    client.force_login(editor(commune("34199")))
    client.post(
        reverse("editorial:record_consent", args=[portrait.pk]),
        consent_data(account="Josiane@exemple.fr"),
    )
    client.post(reverse("editorial:publish", args=[portrait.pk]), {"publish_at": ""})
    recorded = PortraitConsent.objects.get()
    assert recorded.person == josiane

    client.force_login(UserFactory())  # someone else cannot
    withdraw = reverse("editorial:withdraw_consent", args=[recorded.pk])
    assert client.post(withdraw).status_code == 404
    client.force_login(josiane)
    assert "Retirer mon consentement" in text_of(client.get(portrait.get_absolute_url()))
    client.post(withdraw)
    portrait.refresh_from_db()
    recorded.refresh_from_db()
    assert portrait.state == Story.State.UNPUBLISHED
    assert recorded.withdrawn_at is not None
    client.logout()
    assert client.get(portrait.get_absolute_url()).status_code == 404
    assert portrait.revisions.filter(note__startswith="Consentement retiré").exists()


def test_a_portrait_whose_consent_ended_is_never_shown(client, portrait):
    """Even were its state left published, the reading rule hides it."""
    PortraitConsent.objects.create(
        story=portrait,
        name="Josiane",
        how="paper",
        given_on=timezone.localdate(),
        text_version=consent.VERSION,
        shown=["name"],
        withdrawn_at=timezone.now(),
    )
    Story.objects.filter(pk=portrait.pk).update(state="published", publish_at=timezone.now())
    assert client.get(portrait.get_absolute_url()).status_code == 404
    assert not Story.objects.visible(timezone.now()).exists()
