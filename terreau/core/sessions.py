"""Sessions read from the shared cache, written to the database as well.

Every signed-in request reads its session. With Redis as the shared cache
(`CACHE_URL=redis://…`), Django's `cached_db` backend reads it from Redis and
writes it to both: one SQL query less on every signed-in page and write,
and the database stays the record (a Redis restarted empty signs nobody out).

One change to it: a session stays in the cache at most `CACHE_SECONDS` after
it was last read from or written to the database, instead of its whole
life (two weeks). A sign-out deletes the session from both; if Redis was
unreachable at that moment (`ResilientRedisCache` lets the request go on)
and comes back with the old entry, that entry answers for five minutes at
most, then the next read goes to the database, which no longer has it.
The same bound holds for any change written while Redis was unreachable.
"""

from django.contrib.sessions.backends import cached_db
from django.core.cache.backends.base import DEFAULT_TIMEOUT

CACHE_SECONDS = 300


class _ShortLivedCache:
    """The shared cache, whose entries written here last CACHE_SECONDS at most."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        return getattr(self._cache, name)

    def __contains__(self, key):
        return key in self._cache

    @staticmethod
    def _timeout(timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return CACHE_SECONDS
        return min(timeout, CACHE_SECONDS)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._cache.set(key, value, self._timeout(timeout), version)

    async def aset(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return await self._cache.aset(key, value, self._timeout(timeout), version)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ShortLivedCache(self._cache)
