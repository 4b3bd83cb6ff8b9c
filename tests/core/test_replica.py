"""Where reads go with a streaming replica (core/replica.py). The replica
itself, stopped under load, is drilled by `make scale-drill`; here, the
decisions: which request reads the replica, and who is kept on the primary."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from terreau.core import replica, versions
from terreau.core.replica import PIN_COOKIE, PrimaryReplicaRouter, ReadYourWritesMiddleware
from terreau.places.models import Place

router = PrimaryReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    """A site configured with a replica that answers in time."""
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replica_usable", lambda: True)


def answer(request):
    """What the view would read from, as the middleware sets it."""
    seen = {}

    def view(request):
        seen["reads"] = router.db_for_read(Place)
        seen["cached read"] = versions.remember(
            "test-replica", ["x"], lambda: router.db_for_read(Place), timeout=0
        )
        return HttpResponse()

    response = ReadYourWritesMiddleware(view)(request)
    return seen, response


def test_an_anonymous_read_goes_to_the_replica_and_a_cached_one_to_the_primary(with_replica, db):
    seen, response = answer(RequestFactory().get("/agenda/"))
    assert seen == {"reads": "replica", "cached read": "default"}
    assert PIN_COOKIE not in response.cookies


def test_after_a_form_the_browser_reads_the_primary_for_a_few_seconds(with_replica, db):
    seen, response = answer(RequestFactory().post("/agenda/1/inscription/"))
    assert seen["reads"] == "default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == replica.PIN_SECONDS
    assert cookie["httponly"]
    request = RequestFactory().get("/agenda/1/")
    request.COOKIES[PIN_COOKIE] = cookie.value
    assert answer(request)[0]["reads"] == "default"


def test_a_replica_down_or_late_sends_reads_to_the_primary(monkeypatch, db):
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replica_usable", lambda: False)
    assert answer(RequestFactory().get("/agenda/"))[0]["reads"] == "default"


def test_without_a_replica_everything_is_on_one_database_and_no_cookie_is_set(db):
    seen, response = answer(RequestFactory().post("/agenda/1/inscription/"))
    assert seen["reads"] == "default"
    assert PIN_COOKIE not in response.cookies
    assert answer(RequestFactory().get("/agenda/"))[0]["reads"] == "default"


def test_outside_a_request_reads_are_on_the_primary(with_replica):
    """Commands and the worker read what they just wrote."""
    assert router.db_for_read(Place) == "default"
