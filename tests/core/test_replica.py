"""Where reads go with a streaming replica (core/replica.py). The replica
itself, stopped under load, is drilled by `make scale-drill`; here, the
decisions: which request reads the replica, and who is kept on the primary."""

from types import SimpleNamespace

import pytest
from django.db import IntegrityError, OperationalError
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


def test_a_read_lost_on_the_replica_sends_the_next_reads_of_that_thread_to_the_primary(
    monkeypatch, db
):
    """The replica stops: the request that met it gets the French 503, and
    the same thread does not try it again before its next check."""
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "lag_seconds", lambda: 0.0)  # it answered in time
    closed = []
    monkeypatch.setattr(
        replica, "connections", {"replica": SimpleNamespace(close=lambda: closed.append(True))}
    )
    monkeypatch.setattr(replica, "_health", {})
    middleware = ReadYourWritesMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/agenda/")
    token = replica._on_primary.set(False)  # inside a GET, as the middleware sets it
    try:
        assert router.db_for_read(Place) == "replica"
        middleware.process_exception(request, IntegrityError("a refusal, not a lost server"))
        assert router.db_for_read(Place) == "replica"
        middleware.process_exception(request, OperationalError("server closed the connection"))
        assert router.db_for_read(Place) == "default"
        assert closed == [True]  # its broken connection is not reused
    finally:
        replica._on_primary.reset(token)
