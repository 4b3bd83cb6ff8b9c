import cProfile
import datetime
import json
import pstats
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.backends.django import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

import terreau
from terreau.accounts.models import User
from terreau.demo import bench

# Requests per page kind for the render cost, once the shared cache is warm.
RENDER_SAMPLES = 20
# Statements that open or close a transaction rather than read or write.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
# Where a request's time goes, by the code that spends it: the first group
# whose fragment is in a function's file takes its own time (a built-in, such
# as getattr or zlib, counts for the code that called it).
PROFILE_GROUPS = [
    ("orm", ("/django/db/",)),
    ("sql", ("/psycopg/", "/psycopg_c/", "/psycopg_binary/")),
    (
        "templates",
        ("/django/template/", "/django/templatetags/", "/django/forms/", "/templatetags/"),
    ),
    ("urls", ("/django/urls/",)),
    ("translation", ("/django/utils/translation/",)),
    # Lazy strings, thread-locals (the active language, time zone, URLconf),
    # number and date formats, escaping: spread through every page.
    ("utils", ("/django/utils/", "/asgiref/")),
    ("cache", ("/redis/", "/django/core/cache/")),
    (
        "middleware",
        (
            "/django/middleware/",
            "/django/contrib/",
            "/django/core/handlers/",
            "/django/http/",
            "/csp/",
            "/allauth/",
            "/whitenoise/",
            "/corsheaders/",
        ),
    ),
    ("terreau", (str(Path(terreau.__file__).parent) + "/",)),
]
# Django's test client is not on the way of a real request.
NOT_IN_PRODUCTION = "/django/test/"


class Command(BaseCommand):
    help = (
        "make bench's data: `data` writes the France-scale data set (or reuses it), "
        "`plan FILE` writes what the load requests and the SQL queries of each page, "
        "`reset FILE` removes what the load wrote, `cancellation FILE` times a host "
        "cancelling an event with 500 registrants."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["data", "plan", "reset", "cancellation"])
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--origin", default="https://127.0.0.1:8766")

    def handle(self, *args, action, file, origin, **options):
        if connection.vendor != "postgresql":
            raise CommandError("make bench measures Terreau on PostgreSQL: set DATABASE_URL.")
        if action == "data":
            started = time.monotonic()
            written = bench.generate(log=self.stdout.write)
            if written:
                self.stdout.write("Data set written in %.0f s." % (time.monotonic() - started))
            return
        if file is None:
            raise CommandError("Name the plan's file.")
        if action == "cancellation":
            file.write_text(json.dumps(bench.time_cancellation(registrants=500)))
            return
        if action == "plan":
            plan = bench.plan(origin=origin, log=self.stdout.write)
            plan["pages"] = self.measure(plan)
            file.write_text(json.dumps(plan))
        else:
            plan = json.loads(file.read_text())
            removed = bench.reset(
                people=plan["people"],
                sessions=plan["sessions"],
                since=datetime.datetime.fromisoformat(plan["started_at"]),
            )
            self.stdout.write("Removed what the load wrote: %s" % removed)

    def measure(self, plan):
        """SQL queries and compressed bytes of one request of each kind, run
        in this process through the whole middleware stack; for pages, the
        queries of a second request too, once the shared cache holds it."""
        client = Client(HTTP_HOST=plan["origin"].split("//")[1], HTTP_ACCEPT_ENCODING="gzip")
        pages = {}
        for kind, urls in plan["gets"].items():
            # Twice: the first request may fill the shared cache
            # (`core.versions`), the second is what most visitors cost.
            first = self.one(client, "get", urls[-1])
            pages[kind] = {
                **self.one(client, "get", urls[-1]),
                "first_queries": first["queries"],
                **self.render_cost(client, urls[:RENDER_SAMPLES]),
            }
            pages[kind]["profile"] = self.profile(client, "get", urls[:RENDER_SAMPLES])
        for kind, requests in plan["posts"].items():
            # The last requests of each list: the load reaches them last, if
            # ever. Each writes, so each is made once: timed, then profiled.
            spare = requests[:-1][-2 * RENDER_SAMPLES :]
            timed, profiled = spare[: len(spare) // 2], spare[len(spare) // 2 :]
            if timed:
                started = time.perf_counter()
                self.signed_in_posts(client, timed)
                request_ms = round(1000 * (time.perf_counter() - started) / len(timed), 2)
                profile = self.profile(client, "post", profiled)
            person = User.objects.get(pk=plan["people"][0])
            client.force_login(person)
            url, _session = requests[-1]
            pages[kind] = self.one(client, "post", url)
            if timed:
                pages[kind].update(request_ms=request_ms, profile=profile)
            client.logout()
        return pages

    def signed_in_posts(self, client, requests):
        for url, session in requests:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
            response = client.post(url, secure=True)
            if response.status_code >= 400:
                raise CommandError("POST %s answered %d" % (url, response.status_code))
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)

    def profile(self, client, method, urls):
        """Milliseconds per request under cProfile, by PROFILE_GROUPS (the
        profiler slows Python more than the database: shares, not
        durations). GETs are requested once before, as `render_cost` does."""
        profiler = cProfile.Profile()
        if method == "get":
            for url in urls:
                client.get(url, secure=True)
            profiler.enable()
            for url in urls:
                client.get(url, secure=True)
            profiler.disable()
        else:
            profiler.enable()
            self.signed_in_posts(client, urls)
            profiler.disable()
        spent = dict.fromkeys([name for name, _fragments in PROFILE_GROUPS] + ["rest"], 0.0)
        stats = pstats.Stats(profiler).stats

        def group_of(function, seen=()):
            filename = function[0]
            if filename == "~" and function not in seen:  # a built-in: its caller's
                callers = stats[function][4]
                if callers:
                    caller = max(callers, key=lambda c: callers[c][2])
                    return group_of(caller, (*seen, function))
            if NOT_IN_PRODUCTION in filename:
                return None
            for name, fragments in PROFILE_GROUPS:
                if any(fragment in filename for fragment in fragments):
                    return name
            return "rest"

        for function, (_cc, _nc, own, _cumulative, _callers) in stats.items():
            group = group_of(function)
            if group is not None:
                spent[group] += own
        return {name: round(1000 * seconds / len(urls), 2) for name, seconds in spent.items()}

    def render_cost(self, client, urls):
        """Milliseconds of one request in this process (middleware, view,
        SQL, templates; no network, no gzip), of which SQL (as the driver
        waits for it) and the page's template rendering with the SQL it
        runs set apart (a queryset is often first read by the template):
        where a page kind's time goes. The cache is filled first, as most
        visitors find it."""
        for url in urls:
            client.get(url, secure=True)
        spent = {"sql": 0.0, "templates": 0.0, "sql_in_templates": 0.0}
        rendering = []
        original = Template.render

        def timed_render(template, *args, **kwargs):
            started = time.perf_counter()
            rendering.append(True)
            try:
                return original(template, *args, **kwargs)
            finally:
                rendering.pop()
                spent["templates"] += time.perf_counter() - started

        def timed_sql(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                elapsed = time.perf_counter() - started
                spent["sql"] += elapsed
                if rendering:
                    spent["sql_in_templates"] += elapsed

        with (
            mock.patch.object(Template, "render", timed_render),
            connection.execute_wrapper(timed_sql),
        ):
            started = time.perf_counter()
            for n in range(RENDER_SAMPLES):
                client.get(urls[n % len(urls)], secure=True)
            total = time.perf_counter() - started

        def per_request(seconds):
            return round(1000 * seconds / RENDER_SAMPLES, 2)

        return {
            "request_ms": per_request(total),
            "sql_ms": per_request(spent["sql"]),
            "template_ms": per_request(spent["templates"] - spent["sql_in_templates"]),
        }

    def one(self, client, method, url):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, secure=True)
        if response.status_code >= 400:
            raise CommandError("%s %s answered %d" % (method.upper(), url, response.status_code))
        return {
            "url": url,
            "status": response.status_code,
            "queries": len(queries),
            "statements": sum(
                not query["sql"].startswith(TRANSACTION_CONTROL) for query in queries
            ),
            "bytes": len(response.content),
            "encoding": response.get("Content-Encoding", "identity"),
        }
