"""Pages that can be found: the sitemap lists the public pages and nothing
private; robots.txt points to it and keeps crawlers out of private paths."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.governance import laws
from terreau.governance.models import Law
from terreau.places.models import Place
from tests.boussole.factories import adopt_founding_set, published, start
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_public_pages_and_nothing_private(client, territories):
    laws.seed(Law)
    published = PlaceFactory()
    proposed = PlaceFactory(status=Place.Status.PROPOSED, published_at=None)
    event = EventFactory(place=published)
    past = EventFactory(place=published)
    past.starts_at = timezone.now() - datetime.timedelta(days=3)
    past.ends_at = past.starts_at + datetime.timedelta(hours=2)
    past.save()
    response = client.get(reverse("pages:sitemap"))
    assert response.status_code == 200
    xml = response.content.decode()
    commune = published.commune
    for page in (
        published.get_absolute_url(),
        event.get_absolute_url(),
        commune.get_absolute_url(),
        commune.epci.get_absolute_url(),
        commune.departement.get_absolute_url(),
        Law.objects.get(number=1).get_absolute_url(),
    ):
        assert "%s</loc>" % page in xml, page
    for private in (proposed.get_absolute_url(), past.get_absolute_url(), "/compte/"):
        assert "%s</loc>" % private not in xml, private


def test_the_sitemap_lists_published_assessments_not_drafts(client, territories, person):
    adopt_founding_set()
    shared, draft = published(person), start(person)
    xml = client.get(reverse("pages:sitemap")).content.decode()
    assert "%s</loc>" % shared.get_absolute_url() in xml
    assert "%s</loc>" % draft.get_absolute_url() not in xml


def test_robots_point_to_the_sitemap_and_keep_out_of_private_paths(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for path in ("/compte/", "/presence/", "/p/", "/back-office/", "/agenda/perso/"):
        assert "Disallow: %s\n" % path in text
    assert "Sitemap: http" in text
    assert text.rstrip().endswith("/sitemap.xml")


def test_the_sitemap_lists_published_experts_and_diagnostics_only(client, territories, person):
    from terreau.places.models import PlaceHost
    from terreau.support import services
    from tests.places.factories import PlaceFactory
    from tests.support.factories import make_expert
    from tests.territories.factories import commune

    shown, waiting = make_expert(name="Publiée"), make_expert(name="En attente", publish=False)
    withdrawn = make_expert(name="Retirée")
    services.withdraw_consent(profile=withdrawn)
    place = PlaceFactory()
    host = PlaceHost.objects.get(place=place).person
    public = services.take_diagnostic(person=host, questionnaire="place", answers={}, place=place)
    services.set_diagnostic_public(diagnostic=public, person=host, public=True)
    private = services.take_diagnostic(
        person=person, questionnaire="person", answers={}, commune=commune("34199")
    )
    xml = client.get(reverse("pages:sitemap")).content.decode()
    assert "%s</loc>" % shown.get_absolute_url() in xml
    assert "%s</loc>" % public.get_absolute_url() in xml
    for hidden in (waiting, withdrawn, private):
        assert "%s</loc>" % hidden.get_absolute_url() not in xml


def test_the_sitemap_lists_stories_once_their_time_has_come(client, territories):
    import datetime

    from django.utils import timezone

    from tests.editorial.factories import make_story

    published = make_story()
    scheduled = make_story(slug="plus-tard", publish_at=timezone.now() + datetime.timedelta(days=1))
    draft = make_story(slug="brouillon", published=False)
    text = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in text
    assert scheduled.get_absolute_url() not in text
    assert draft.get_absolute_url() not in text
    assert "Disallow: /media/redaction/\n" in client.get("/robots.txt").content.decode()
