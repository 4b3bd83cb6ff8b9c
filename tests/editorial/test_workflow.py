"""An editor writes a story, another reads it, it is published at once or
at a set time, corrected in view of all, or unpublished; every save is a
revision that can be compared with the one before."""

import datetime
import re

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from terreau.editorial.models import Story, StoryRevision
from tests.accounts.factories import UserFactory
from tests.challenges.factories import marathon_with_stage, participant
from tests.editorial.factories import editor, make_story
from tests.html import text_of
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

DRAFT = {
    "title": "Le repair café de Pézenas a un an",
    "standfirst": "Cent-vingt objets réparés, trente bénévoles.",
    "body": "## Le début\n\nTout a commencé un samedi de novembre.",
    "credits": "Texte : Awa",
    "commune": "Pézenas",
    "reach": "commune",
}


def write(client, person, **changes):
    client.force_login(person)
    response = client.post(reverse("editorial:create"), {**DRAFT, **changes})
    assert response.status_code == 302, text_of(response)
    return Story.objects.get()


def test_a_draft_is_invisible_until_published_then_listed_and_in_the_feed(client, territories):
    pezenas = commune("34199")
    writer = editor(pezenas)
    story = write(client, writer)
    assert (story.slug, story.territory, story.state) == (
        "le-repair-cafe-de-pezenas-a-un-an",
        pezenas,
        Story.State.DRAFT,
    )
    assert story.revisions.count() == 1
    assert client.get(story.get_absolute_url()).status_code == 200  # the editor's preview
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.title not in text_of(client.get(reverse("editorial:list")))

    client.force_login(writer)
    client.post(reverse("editorial:publish", args=[story.pk]), {"publish_at": ""})
    client.logout()
    page = text_of(client.get(story.get_absolute_url()))
    assert "Tout a commencé un samedi de novembre." in page
    assert story.title in text_of(client.get(reverse("editorial:list")))
    feed = feedparser.parse(client.get(reverse("editorial:feed")).content)
    assert [entry.title for entry in feed.entries] == [story.title]


def test_a_scheduled_story_appears_by_itself_at_its_time(client, territories):
    writer = editor(commune("34199"))
    story = write(client, writer)
    at = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        reverse("editorial:publish", args=[story.pk]),
        {"publish_at": at.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Publication programmée" in text_of(response)
    client.logout()
    territory_feed = reverse("editorial:territory_feed", args=["epci", "243400819"])
    assert client.get(story.get_absolute_url()).status_code == 404
    assert feedparser.parse(client.get(territory_feed).content).entries == []
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert client.get(story.get_absolute_url()).status_code == 200
        territory_page = text_of(client.get(commune("34199").get_absolute_url()))
        assert story.title in territory_page
        entries = feedparser.parse(client.get(territory_feed).content).entries
        assert [e.title for e in entries] == [story.title]


def test_a_date_gone_by_is_refused_in_french(client, territories):
    story = write(client, editor(commune("34199")))
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    response = client.post(
        reverse("editorial:publish", args=[story.pk]),
        {"publish_at": yesterday.strftime("%Y-%m-%dT%H:%M")},
    )
    assert "Cette date est passée" in text_of(response)
    story.refresh_from_db()
    assert story.state == Story.State.DRAFT


def test_submitting_tells_the_other_editors_of_the_territory(client, territories):
    pezenas = commune("34199")
    writer = editor(pezenas)
    reader = editor(pezenas.epci)  # an editor of the intercommunality reads it too
    editor(commune("34172"))  # Montpellier's editor is not concerned
    story = write(client, writer)
    client.post(reverse("editorial:submit", args=[story.pk]))
    story.refresh_from_db()
    assert story.state == Story.State.SUBMITTED
    sent = run_worker()
    assert [m.to for m in sent] == [[reader.email]]
    assert story.title in sent[0].subject
    assert "/media/redaction/%d/" % story.pk in sent[0].body


def test_a_correction_is_shown_at_the_head_and_every_revision_is_kept(client, territories):
    writer = editor(commune("34199"))
    story = write(client, writer)
    client.post(reverse("editorial:publish", args=[story.pk]), {"publish_at": ""})
    edited = {
        **DRAFT,
        "body": "## Le début\n\nTout a commencé un samedi d'octobre.",
        "note": "mois",
    }
    client.post(reverse("editorial:edit", args=[story.pk]), edited)
    client.post(
        reverse("editorial:correct", args=[story.pk]),
        {"correction": "Le café a ouvert en octobre, pas en novembre."},
    )
    page = text_of(client.get(story.get_absolute_url()))
    assert page.index("Correction") < page.index("Tout a commencé un samedi d'octobre.")
    assert "Le café a ouvert en octobre, pas en novembre." in page
    numbers = list(story.revisions.order_by("number").values_list("number", "note"))
    assert [n for n, _note in numbers] == [1, 2, 3, 4]
    assert numbers[2][1] == "mois"
    compare = text_of(client.get(reverse("editorial:revision", args=[story.pk, 3])))
    assert "− Tout a commencé un samedi de novembre." in compare
    assert "+ Tout a commencé un samedi d'octobre." in compare


def test_saving_without_a_change_keeps_no_empty_revision(client, territories):
    story = write(client, editor(commune("34199")))
    client.post(reverse("editorial:edit", args=[story.pk]), DRAFT)
    assert StoryRevision.objects.filter(story=story).count() == 1


def test_unpublishing_hides_it_at_once(client, territories):
    writer = editor(commune("34199"))
    story = write(client, writer)
    client.post(reverse("editorial:publish", args=[story.pk]), {"publish_at": ""})
    client.post(reverse("editorial:unpublish", args=[story.pk]))
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert feedparser.parse(client.get(reverse("editorial:feed")).content).entries == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Ce champ est obligatoire"),
        ({"commune": "Atlantide"}, "Aucune commune ne correspond"),
        (
            {"commune": "Mazamet"},
            "Vous n'êtes éditeur ou éditrice d'aucun territoire qui la contienne",
        ),
        ({"reach": "departement", "commune": "Pézenas"}, "Vous n'êtes éditeur"),
        ({"body": "x" * 40001}, "40000 caractères"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, territories, changes, message):
    client.force_login(editor(commune("34199")))
    response = client.post(reverse("editorial:create"), {**DRAFT, **changes})
    assert response.status_code == 200
    assert message in text_of(response).replace("\u202f", "").replace("\xa0", "")
    assert not Story.objects.exists()


def test_live_figures_are_read_from_the_data_with_their_date(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    story = make_story(figures_of_marathon=marathon)
    page = words(client.get(story.get_absolute_url()))
    assert "En direct : Marathon de test" in page
    assert "Chiffres lus dans les données de Terreau le" in page
    assert "Participant·es 0 Défis relevés 0" in page
    participant(marathon, UserFactory())
    page = words(client.get(story.get_absolute_url()))
    assert "Participant·es 1 Défis relevés 0" in page


def words(response) -> str:
    """What a reader reads, tags dropped."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


def test_the_desk_narrows_to_a_territory_and_a_state_and_says_what_it_leaves_out(
    client, territories, monkeypatch
):
    from terreau.editorial import views

    pezenas, mazamet = commune("34199"), commune("81163")
    make_story(pezenas, title="Publié à Pézenas", slug="publie-a-pezenas")
    make_story(pezenas, published=False, title="Brouillon à Pézenas", slug="brouillon-a-pezenas")
    make_story(mazamet, published=False, title="Brouillon à Mazamet", slug="brouillon-a-mazamet")
    client.force_login(editor())  # an editor of every territory
    desk = reverse("editorial:desk")

    page = text_of(client.get(desk, {"territoire": mazamet.pk}))
    assert "Brouillon à Mazamet" in page
    assert "à Pézenas" not in page
    page = text_of(client.get(desk, {"territoire": pezenas.pk, "etat": "draft"}))
    assert "Brouillon à Pézenas" in page
    assert "Publié à Pézenas" not in page
    page = text_of(client.get(desk, {"etat": "submitted"}))
    assert "Aucun article ne répond à ces critères." in page
    # A territory the editor has nothing in is not offered, and is refused.
    page = text_of(client.get(desk, {"territoire": commune("34172").pk}))
    assert "Sélectionnez un choix valide" in page

    monkeypatch.setattr(views, "DESK_LIST_LIMIT", 2)
    page = text_of(client.get(desk))
    assert "Les 2 derniers modifiés, sur 3 : filtrez par territoire ou par état" in page
