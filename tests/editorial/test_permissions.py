"""Who may see, write and publish a story: the matrix of the access rules
(docs/architecture.md and tests/test_access_matrix.py list the routes)."""

import pytest
from django.urls import reverse

from terreau.editorial.models import Story
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.editorial.factories import editor, make_story
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

WHO = [
    "anonymous",
    "reader",
    "editor_of_this_commune",
    "editor_of_its_intercommunality",
    "editor_of_another_territory",
    "editor_everywhere",
    "staff",
    "staff_password_only",
    "author_once_deleted",
]
CAN_EDIT = {
    "editor_of_this_commune",
    "editor_of_its_intercommunality",
    "editor_everywhere",
    "staff",
}


def sign_in_as(client, who, staff):
    pezenas = commune("34199")
    if who == "reader":
        client.force_login(UserFactory())
    elif who == "editor_of_this_commune":
        client.force_login(editor(pezenas))
    elif who == "editor_of_its_intercommunality":
        client.force_login(editor(pezenas.epci))
    elif who == "editor_of_another_territory":
        client.force_login(editor(commune("81163")))
    elif who == "editor_everywhere":
        client.force_login(editor(None))
    elif who == "staff":
        sign_in_with_second_factor(client, staff)
    elif who == "staff_password_only":
        client.force_login(staff)  # no second factor: no staff power


@pytest.mark.parametrize("who", WHO)
def test_a_draft_and_its_desk_pages(client, territories, staff, who):
    author = editor(commune("34199"))
    draft = make_story(published=False, created_by=author)
    if who == "author_once_deleted":
        author.delete()
    sign_in_as(client, who, staff)
    expected = 200 if who in CAN_EDIT else 404
    assert client.get(draft.get_absolute_url()).status_code == expected
    signed_out = who in ("anonymous", "author_once_deleted")
    edit = client.get(reverse("editorial:edit", args=[draft.pk]))
    assert edit.status_code == (302 if signed_out else expected)  # signed out: to sign in
    if who == "author_once_deleted":
        draft.refresh_from_db()  # the story stays, its author's trace is gone
        assert draft.created_by_id is None
    publish = client.post(reverse("editorial:publish", args=[draft.pk]), {"publish_at": ""})
    draft.refresh_from_db()
    if who in CAN_EDIT:
        assert draft.state == Story.State.PUBLISHED
    else:
        assert publish.status_code in (302, 404)  # anonymous: to the sign-in page
        assert draft.state == Story.State.DRAFT


@pytest.mark.parametrize("who", WHO)
def test_a_published_story_is_everyones_but_only_its_editors_change_it(
    client, territories, staff, who
):
    story = make_story()
    sign_in_as(client, who, staff)
    assert client.get(story.get_absolute_url()).status_code == 200
    client.post(reverse("editorial:unpublish", args=[story.pk]))
    story.refresh_from_db()
    expected = Story.State.UNPUBLISHED if who in CAN_EDIT else Story.State.PUBLISHED
    assert story.state == expected


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("reader", 403),
        ("editor_of_another_territory", 200),
        ("staff_password_only", 403),
        ("staff", 200),
    ],
)
def test_the_desk_is_for_editors(client, territories, staff, who, status):
    make_story(published=False)
    sign_in_as(client, who, staff)
    response = client.get(reverse("editorial:desk"))
    assert response.status_code == status
    if who == "editor_of_another_territory":
        # Mazamet's editor sees no draft of Pézenas on their desk.
        assert "Un an de repair café" not in response.content.decode()


def test_a_story_moved_to_another_territory_changes_hands(client, territories):
    story = make_story(published=False)
    pezenas_editor = editor(commune("34199"))
    client.force_login(pezenas_editor)
    assert client.get(reverse("editorial:edit", args=[story.pk])).status_code == 200
    Story.objects.filter(pk=story.pk).update(territory=commune("81163"))
    assert client.get(reverse("editorial:edit", args=[story.pk])).status_code == 404
    assert client.get(story.get_absolute_url()).status_code == 404


def test_an_editor_of_one_commune_cannot_write_about_another(client, territories):
    client.force_login(editor(commune("34199")))
    response = client.post(
        reverse("editorial:create"),
        {
            "title": "Ailleurs",
            "standfirst": "…",
            "body": "…",
            "credits": "…",
            "commune": "Mazamet",
            "reach": "commune",
        },
    )
    assert response.status_code == 200
    assert not Story.objects.exists()
