"""What the service says about itself, to stdout and to its team.

- One line per request (`terreau.requests`): method, the route's pattern
  rather than the path (a presence code or an invitation token is part of
  some paths, and never reaches a log), status, duration, the person's id.
- One line per refused service call (`terreau.refusals`): its code, why (the
  French message), who by id.
- Errors (`django.request`) go to the ADMINS through the durable queue
  (`QueuedAdminEmailHandler`) with the route and the traceback only: no
  request body, no header, no cookie, no e-mail address.
"""

import contextvars
import hashlib
import logging
import time
import traceback

from django.conf import settings

current_person = contextvars.ContextVar("current_person", default=None)
requests_log = logging.getLogger("terreau.requests")
refusals_log = logging.getLogger("terreau.refusals")


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    return "/" + match.route if match is not None and match.route else "(non résolue)"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        user = getattr(request, "user", None)
        token = current_person.set(user.pk if user is not None and user.is_authenticated else None)
        try:
            response = self.get_response(request)
        finally:
            current_person.reset(token)
        requests_log.info(
            "request method=%s route=%s status=%s duration_ms=%d person=%s",
            request.method,
            route_of(request),
            response.status_code,
            (time.monotonic() - started) * 1000,
            user.pk if user is not None and user.is_authenticated else "-",
        )
        return response


def log_refusal(code: str, message: str) -> None:
    refusals_log.info(
        "refused code=%s person=%s why=%s", code, current_person.get() or "-", message
    )


class QueuedAdminEmailHandler(logging.Handler):
    """Errors e-mailed to settings.ADMINS through the durable queue: the
    exception and the route, never the request's data. The same error at
    the same route is e-mailed once an hour at most."""

    def emit(self, record):
        if not settings.ADMINS:
            return
        try:
            from terreau.core import mail

            request = getattr(record, "request", None)
            route = route_of(request) if request is not None else "-"
            trace = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""
            kind = record.exc_info[0].__name__ if record.exc_info else record.levelname
            hour = int(time.time() // 3600)
            key = hashlib.sha256(("%s|%s|%s" % (kind, route, hour)).encode()).hexdigest()[:24]
            body = "%s\n\nRoute : %s %s\n\n%s" % (
                record.getMessage(),
                request.method if request is not None else "-",
                route,
                trace,
            )
            mail.queue_many(
                [
                    {
                        "cause": "error:%s:%s" % (key, address),
                        "to": address,
                        "subject": "[Terreau] Erreur %s sur %s" % (kind, route),
                        "body": body,
                    }
                    for _name, address in settings.ADMINS
                ]
            )
        except Exception:  # the database may be what failed: the log line stays
            self.handleError(record)
