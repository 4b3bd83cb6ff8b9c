"""Sessions read from the shared cache (`core.sessions`, on with Redis)."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.core import sessions
from tests.accounts.factories import UserFactory
from tests.caches import IN_MEMORY, UNREACHABLE

pytestmark = pytest.mark.django_db

ENGINE = "terreau.core.sessions"
PROFILE = "accounts:profile"


def session_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(PROFILE)).status_code == 200
    return [query["sql"] for query in queries if "django_session" in query["sql"]]


@override_settings(CACHES=IN_MEMORY, SESSION_ENGINE=ENGINE)
def test_a_signed_in_page_reads_its_session_from_the_cache(client):
    client.force_login(UserFactory())
    assert session_queries(client) == []


@override_settings(CACHES=IN_MEMORY, SESSION_ENGINE=ENGINE)
def test_a_sign_out_the_cache_missed_holds_within_five_minutes(client):
    """Redis unreachable at the sign-out, then back with the session: it
    answers for five minutes at most, then the database says no."""
    client.force_login(UserFactory())
    session_key = client.session.session_key
    # Redis unreachable as the person signs out: the deletion misses it.
    with mock.patch.object(LocMemCache, "delete", return_value=False):
        client.post(reverse("account_logout"))
    key = sessions.SessionStore.cache_key_prefix + session_key
    assert cache.get(key)  # Redis, back, still holds the session
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key  # a copy of the old cookie
    assert client.get(reverse(PROFILE)).status_code == 200  # still signed in, for now
    later = timezone.now() + datetime.timedelta(seconds=sessions.CACHE_SECONDS + 1)
    with time_machine.travel(later):
        response = client.get(reverse(PROFILE))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@override_settings(CACHES=IN_MEMORY, SESSION_ENGINE=ENGINE)
def test_the_database_stays_the_record_when_the_cache_is_emptied(client):
    """A Redis restarted empty signs nobody out."""
    client.force_login(UserFactory())
    cache.clear()
    assert len(session_queries(client)) == 1
    assert session_queries(client) == []  # cached again


@override_settings(CACHES=UNREACHABLE, SESSION_ENGINE=ENGINE)
def test_with_redis_down_people_stay_signed_in_from_the_database(client):
    client.force_login(UserFactory())
    assert len(session_queries(client)) == 1
