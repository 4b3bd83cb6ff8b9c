import datetime
import json
import time
from pathlib import Path
from unittest import mock

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.backends.django import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from terreau.accounts.models import User
from terreau.demo import bench

# Requests per page kind for the render cost, once the shared cache is warm.
RENDER_SAMPLES = 20
# Statements that open or close a transaction rather than read or write.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


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
        person = User.objects.get(pk=plan["people"][0])
        client.force_login(person)
        for kind, requests in plan["posts"].items():
            # The last request of each list: the load reaches it last, if ever.
            url, _session = requests[-1]
            pages[kind] = self.one(client, "post", url)
        client.logout()
        return pages

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
