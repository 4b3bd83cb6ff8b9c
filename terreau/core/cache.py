"""A Redis cache that lets the site work, degraded, while Redis is down.

The cache holds nothing that cannot be lost: rate-limit counters, the
single use of a TOTP code, the audit chain's last verification. With Django's
own Redis backend an unreachable Redis turns every log-in into a 500. Here a
failed call is logged (once a minute per process, and `/sante/` reports the
cache as failing) and answers as an empty cache would, with `add` succeeding:
log-ins work, without their rate limits, until Redis is back. Short socket
timeouts keep a silent Redis from holding a request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("terreau.cache")
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60


class OneClientPerPool(RedisCacheClient):
    """Django's client builds a `redis.Redis` for every call (54 µs each: it
    copies redis-py's table of ~170 reply handlers), several times a page.
    One per connection pool is enough: a redis-py client takes a connection
    from its pool for each command and can be shared."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._class = OneClientPerPool

    def _unavailable(self, error, fallback):
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged > LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.error(
                "Cache Redis injoignable (%s) : le site continue sans limites de débit.",
                type(error).__name__,
            )
        return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, True)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE as error:
            self._unavailable(error, None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, False)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, list(data))

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE as error:
            self._unavailable(error, None)

    def clear(self):
        try:
            return super().clear()
        except UNAVAILABLE as error:
            return self._unavailable(error, False)
