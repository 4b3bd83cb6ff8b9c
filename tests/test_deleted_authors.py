"""Private objects stay private when their author's account is deleted
(issue 21, 8). A deleted author leaves an empty reference (`proposed_by` is
SET_NULL); an anonymous visitor's `pk` is `None` too, so a test of the form
`obj.author_id == user.pk` let every visitor in. Each kind of object that is
private to its author before moderation or submission is walked here."""

import pytest
from django.test import Client

from terreau.calls.models import Application
from terreau.causes.models import Cause
from terreau.places.models import Place
from tests.accounts.factories import UserFactory
from tests.calls.factories import open_call
from tests.causes.factories import open_round
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphans(territories):
    """A cause awaiting moderation, a place awaiting moderation and a draft
    application, each by an author whose account is then deleted."""
    author = UserFactory()
    place = PlaceFactory(status=Place.Status.PROPOSED, proposed_by=author, host=author)
    cause = Cause.objects.create(
        round=open_round(),
        title="En attente",
        stake="…",
        territory=place.commune,
        association="…",
        proposed_by=author,
    )
    draft = Application.objects.create(call=open_call(), territory=place.commune)
    draft.authors.add(author)
    author.delete()
    cause.refresh_from_db()
    place.refresh_from_db()
    assert cause.proposed_by_id is None
    assert place.proposed_by_id is None
    return [cause.get_absolute_url(), place.get_absolute_url(), draft.get_absolute_url()]


@pytest.mark.parametrize("signed_in", [False, True])
def test_private_objects_of_a_deleted_author_stay_private(orphans, signed_in):
    client = Client()
    if signed_in:
        client.force_login(UserFactory())
    for url in orphans:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/compte/login/"), url
