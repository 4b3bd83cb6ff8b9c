"""Limits on guessing: a short code (six characters on a poster) and a
screen's installation code can be typed by anyone, so an address that keeps
typing wrong ones is stopped for a while. Only failures count: a class that
types the right code from one school network is never stopped.

Counted in the shared cache per client address (behind a proxy, the address
the trusted proxies report: NINJA_NUM_PROXIES = DJANGO_TRUSTED_PROXY_COUNT),
in fixed windows.
"""

import time

from django.core.cache import cache
from ninja.throttling import BaseThrottle

# (failures allowed, window in seconds)
SHORT_CODES = ("short-code", 20, 600)
INSTALLATION_CODES = ("installation-code", 10, 600)


def _key(request, scope: str, window: int) -> str:
    address = BaseThrottle().get_ident(request) or "?"
    return "failures:%s:%s:%d" % (scope, address, int(time.time()) // window)


def blocked(request, limit) -> bool:
    scope, allowed, window = limit
    return (cache.get(_key(request, scope, window)) or 0) >= allowed


def record_failure(request, limit) -> None:
    scope, _allowed, window = limit
    key = _key(request, scope, window)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
