"""Reads from a PostgreSQL streaming replica, writes and their reader on the
primary.

With `DATABASE_REPLICA_URL` set, `PrimaryReplicaRouter` sends the reads of a
request to the replica when all of these hold:

- the request is a GET or HEAD (`ReadYourWritesMiddleware`); a POST reads
  the primary, since it may write;
- its browser wrote nothing in the last `PIN_SECONDS`: after any POST the
  middleware sets the `terreau_primary` cookie (no content, only a
  duration; only on a site with a replica), and while it lasts every read
  of that browser goes to the primary, so that a person sees their own vote,
  check-in or registration at once. nginx's micro-cache is bypassed by it
  too;
- the replica answered, less than `MAX_LAG_SECONDS` behind, at its last check
  (every `CHECK_EVERY_SECONDS` per process): a replica that is stopped or
  late sends reads back to the primary within that time, or at once in the
  thread whose read it just failed.

Outside a request (commands, the worker, tests) everything is on the
primary. So are the reads `core.versions` caches: an entry computed from a
replica a few milliseconds late would outlive the write it missed.
"""

import contextlib
import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger("terreau.replica")

REPLICA = "replica"
PIN_COOKIE = "terreau_primary"
PIN_SECONDS = 10
MAX_LAG_SECONDS = 5
CHECK_EVERY_SECONDS = 2
SAFE_METHODS = ("GET", "HEAD")

# False only while a GET or HEAD without the cookie is being answered.
_on_primary = contextvars.ContextVar("on_primary", default=True)
# Per process and thread (Django's connections are per thread too).
_health = {}

LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def primary():
    """Read everything inside on the primary."""
    token = _on_primary.set(True)
    try:
        yield
    finally:
        _on_primary.reset(token)


def lag_seconds() -> float:
    """How far the replica is behind the primary, in seconds of replay (0
    when it has replayed all it received); raises DatabaseError if down."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


def replica_usable() -> bool:
    key = threading.get_ident()
    now = time.monotonic()
    checked_at, usable = _health.get(key, (0.0, False))
    if now - checked_at < CHECK_EVERY_SECONDS:
        return usable
    try:
        lag = lag_seconds()
        usable = lag <= MAX_LAG_SECONDS
        if not usable:
            logger.warning("Réplique en retard de %.1f s : lectures sur le primaire.", lag)
    except DatabaseError as error:
        usable = False
        logger.warning(
            "Réplique injoignable (%s) : lectures sur le primaire.", type(error).__name__
        )
        connections[REPLICA].close()
    _health[key] = (now, usable)
    return usable


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # The database cache holds rate limits: read where they are written.
        if model._meta.app_label == "django_cache":
            return "default"
        if _on_primary.get() or not configured() or not replica_usable():
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, on two servers

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadYourWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads_replica = request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        token = _on_primary.set(not reads_replica)
        try:
            response = self.get_response(request)
        finally:
            _on_primary.reset(token)
        if request.method not in SAFE_METHODS and configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A read that failed on the replica (stopped, or gone away): this
        thread leaves it aside until its next check, rather than waiting for
        it. The answer is still the French 503 (`core.views.server_error`)."""
        lost = isinstance(exception, (OperationalError, InterfaceError))
        if lost and not _on_primary.get() and configured():
            _health[threading.get_ident()] = (time.monotonic(), False)
            connections[REPLICA].close()
