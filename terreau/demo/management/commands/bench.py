import datetime
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from terreau.accounts.models import User
from terreau.demo import bench


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
            pages[kind] = {**self.one(client, "get", urls[-1]), "first_queries": first["queries"]}
        person = User.objects.get(pk=plan["people"][0])
        client.force_login(person)
        for kind, requests in plan["posts"].items():
            # The last request of each list: the load reaches it last, if ever.
            url, _session = requests[-1]
            pages[kind] = self.one(client, "post", url)
        client.logout()
        return pages

    def one(self, client, method, url):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, secure=True)
        if response.status_code >= 400:
            raise CommandError("%s %s answered %d" % (method.upper(), url, response.status_code))
        return {
            "url": url,
            "status": response.status_code,
            "queries": len(queries),
            "bytes": len(response.content),
            "encoding": response.get("Content-Encoding", "identity"),
        }
