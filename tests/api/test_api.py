"""The read-only API (issue 17, 5): driven by schemathesis from its own
OpenAPI schema through the WSGI application (never a 5xx, every answer as
the schema says), and checked for what a reader of the pages would expect:
nothing private, ETags and 304, a rate limit, CORS for reads."""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings

from terreau.calls.models import Application
from terreau.places.models import Place
from tests.calls.factories import open_call
from tests.challenges.factories import marathon_with_stage
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory

# The schema is read from the application itself (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Django's WSGI handler closes the database connection after each
    request (`close_old_connections`); in a test that connection holds the
    test's transaction. Django's own test client unhooks the same signals."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(territories, settings, wsgi_keeps_the_test_connection):
    settings.TERREAU_API_RATE = "100000/m"
    call_command("load_challenges", verbosity=0)
    place = PlaceFactory(name="La Recyclerie")
    EventFactory(place=place)
    marathon_with_stage("ressourcerie-jean")
    open_call()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_route_answers_as_its_schema_says(case, api_data):
    # Uncompressed: the in-process WSGI transport does not undo gzip.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


@pytest.fixture
def public(territories, settings):
    settings.TERREAU_API_RATE = "100000/m"
    hidden = PlaceFactory(name="Lieu en attente", status=Place.Status.PROPOSED, published_at=None)
    shown = PlaceFactory(name="Lieu publié")
    return {"hidden": hidden, "shown": shown}


@pytest.mark.django_db
def test_nothing_unpublished_is_reachable(client, public):
    listed = client.get("/api/lieux?page_size=100").json()
    names = [p["name"] for p in listed["items"]]
    assert "Lieu publié" in names
    assert "Lieu en attente" not in names
    assert client.get("/api/lieux/%d" % public["hidden"].pk).status_code == 404
    call = open_call()
    draft = Application.objects.create(call=call, territory=public["shown"].commune)
    applications = client.get("/api/appels/%d/candidatures" % call.pk).json()
    assert draft.pk not in [a["id"] for a in applications]


@pytest.mark.django_db
def test_an_unchanged_answer_is_a_304_and_other_sites_may_read(client, public):
    first = client.get("/api/lieux", HTTP_ORIGIN="https://carte.example.org")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in first
    again = client.get("/api/lieux", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_each_client_is_limited(client, public, settings):
    settings.TERREAU_API_RATE = "3/m"
    answers = [client.get("/api/facteurs").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


@pytest.mark.django_db
def test_the_documentation_is_rendered_here_from_the_schema(client):
    page = client.get(reverse("api_documentation")).content.decode()
    assert "<code>GET /api/lieux</code>" in page
    assert "openapi.json" in page
    assert "<script" not in page
