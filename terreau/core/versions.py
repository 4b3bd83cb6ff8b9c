"""Cached reads that a write makes stale at once: version keys.

A read that costs and changes slowly (a territory's figures, its places and
next events, an agenda feed) is kept in the shared cache under a key that
holds the current version of each *scope* it depends on: `"done:1234"` (what
was done in territory 1234), `"listing:1234"` (its places and events),
`"marathon:7"`… The services that write call `bump()` on the scopes they touch;
the next read builds a new key, finds nothing there and computes afresh.
Nothing is deleted: old entries expire.

- `bump()` bumps at once and again when the transaction commits: a page read
  by another request between the two, from data not yet committed, is stored
  under a version the commit's bump leaves behind.
- A version is the time in nanoseconds when it was created or last bumped,
  so a version lost from the cache (evicted, Redis restarted) never comes
  back to a value an old entry was stored under.
- `MAX_AGE` bounds every entry: a write that bumps nothing (a raw UPDATE, a
  shell) shows within five minutes.
- The key also holds the code's schema stamp (the migrations' names): an entry
  pickled by the previous release is never read by the next one.
- Cache down (`ResilientRedisCache` answers as an empty cache): every read is
  computed, every page is fresh.
"""

import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

from . import replica

MAX_AGE = 300


def _version_key(scope: str) -> str:
    return "version:" + scope


def bump(*scopes: str) -> None:
    """Mark everything read under `scopes` as stale, now and on commit."""
    _bump(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(scopes))


def _bump(scopes) -> None:
    """Each scope gets a new version from the clock: a value no entry was
    stored under, written in one round trip for all of them
    (Redis's MSET). An add() then an incr() per scope took three round
    trips each, twice per write: a third of a registration's time."""
    cache.set_many({_version_key(scope): _new_version() for scope in scopes}, timeout=None)


_last_version = 0
_version_lock = threading.Lock()


def _new_version() -> int:
    """The clock in nanoseconds, and never twice the same in this process
    (a coarser clock, or two bumps in one tick)."""
    global _last_version
    with _version_lock:
        _last_version = max(time.time_ns(), _last_version + 1)
        return _last_version


def versions(scopes: Iterable[str]) -> str:
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = {key: _new_version() for key in keys if key not in found}
    for key, value in missing.items():
        # Another process may create it first: read back whichever won.
        if not cache.add(key, value, timeout=None):
            missing[key] = cache.get(key, value)
    found.update(missing)
    return ".".join(str(found[key]) for key in keys)


def remember(name: str, scopes: Iterable[str], compute: Callable, timeout: float = MAX_AGE):
    """`compute()`'s result, cached until one of `scopes` is bumped, or
    `timeout` seconds (at most MAX_AGE) have passed. `timeout` may be a
    function of the result, for a read that time alone makes stale (the next
    events: until the first of them ends)."""
    key = "fresh:%s:%s:%s" % (name, schema_stamp(), versions(scopes))
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        # From the primary: a replica's read, a moment late, would be kept
        # under a version that says it is fresh.
        with replica.primary():
            value = compute()
        seconds = timeout(value) if callable(timeout) else timeout
        if seconds > 0:
            cache.set(key, value, timeout=min(seconds, MAX_AGE))
    return value


_MISSING = object()


@functools.cache
def schema_stamp() -> str:
    """Eight hex digits that change with any migration of any Terreau app."""
    names = sorted(
        "%s/%s" % (config.label, path.name)
        for config in apps.get_app_configs()
        if config.name.startswith("terreau.")
        for path in (Path(config.path) / "migrations").glob("[0-9]*.py")
    )
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:8]


def seconds_until(moment, now) -> float:
    """For `remember`'s timeout: how long until `moment` (0 if past)."""
    return max((moment - now).total_seconds(), 0)
