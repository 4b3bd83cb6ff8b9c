"""Drill: PostgreSQL stops while Terreau serves a load of readers and a writer.

Terreau must answer a French "service momentanément indisponible" page with
status 503 (never a 500, never a traceback), recover by itself once the
database is back, and leave nothing half written (every event's seat counter
equals its confirmed registrations; the audit chain is intact).

Runs in .ci/run's PostgreSQL pass (`make db-down-drill`). It needs Debian's
`pg_ctlcluster` and the right to stop and start the cluster (root), a fresh
database of its own (created, then dropped), and gunicorn on 127.0.0.1:8765.
The cluster is always started again, whatever happens.
"""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from drill_browser import Browser  # scripts/drill_browser.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = 8765
ORIGIN = "https://127.0.0.1:%d" % PORT
DRILL_DB = "terreau_db_down_drill"


def log(message):
    print("[drill] %s" % message, flush=True)


def cluster(action):
    version = sorted(os.listdir("/etc/postgresql"), key=float)[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
        + (["-m", "fast"] if action == "stop" else []),
        check=action != "start",
    )


def wait_for_postgres(seconds=60):
    for _ in range(seconds):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not come back")


def environment(database_url):
    parsed = urllib.parse.urlsplit(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": parsed._replace(path="/" + DRILL_DB).geturl(),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_BEHIND_PROXY": "1",  # requests say X-Forwarded-Proto: https
            "TERREAU_SITE_URL": ORIGIN,
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": "dummymail://",
        }
    )
    return env, parsed._replace(path="/postgres").geturl()


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def new_browser():
    return Browser(PORT, origin=ORIGIN)


def main():
    if os.geteuid() != 0:
        raise SystemExit("The drill stops and starts PostgreSQL: run it as root.")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL server (postgres://…).")
    env, maintenance = environment(database_url)
    subprocess.run(
        ["psql", maintenance, "-qc", "DROP DATABASE IF EXISTS %s" % DRILL_DB], check=True
    )
    subprocess.run(["psql", maintenance, "-qc", "CREATE DATABASE %s" % DRILL_DB], check=True)
    server = None
    try:
        log("preparing a database with the demo")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "import_territories", "--if-empty")
        manage(env, "load_challenges")
        manage(env, "load_demo", "--force")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        (ROOT / "var").mkdir(exist_ok=True)
        server_log = open(ROOT / "var" / "db-down-drill.log", "w")  # noqa: SIM115
        log("gunicorn's own log (the errors it records during the outage): var/db-down-drill.log")
        server = subprocess.Popen(
            [
                GUNICORN,
                "terreau.wsgi",
                "--bind",
                "127.0.0.1:%d" % PORT,
                "--workers",
                "2",
                "--timeout",
                "20",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=server_log,
        )
        for _ in range(30):
            try:
                if new_browser().request("GET", "/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        result = run_drill(env)
    finally:
        cluster("start")
        wait_for_postgres()
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
    check_integrity(env)
    subprocess.run(
        ["psql", maintenance, "-qc", "DROP DATABASE IF EXISTS %s" % DRILL_DB], check=True
    )
    log(result)


def run_drill(env):
    writer = new_browser()
    token = writer.csrf(writer.request("GET", "/compte/login/")[1])
    status, _page = writer.request(
        "POST",
        "/compte/login/",
        {
            "csrfmiddlewaretoken": token,
            "login": "habitant@demo.terreau.localhost",
            "password": "terreau-demo-2026",
        },
    )
    assert status == 302, "the demo login failed (%s)" % status
    _status, agenda = writer.request("GET", "/agenda/")
    event_paths = sorted(set(re.findall(r'href="(/agenda/\d+/)"', agenda)))
    assert event_paths, "no upcoming event in the demo agenda"
    readers_paths = ["/", "/agenda/", "/lois/", "/cooperative/", "/lieux/", event_paths[0]]

    records = []  # (phase, status, body excerpt)
    phase = {"name": "healthy"}
    stop = threading.Event()

    def reader(n):
        browser = new_browser()
        i = n
        while not stop.is_set():
            path = readers_paths[i % len(readers_paths)]
            i += 1
            try:
                status, body = browser.request("GET", path)
            except OSError as error:
                records.append((phase["name"], "connection: %s" % error, ""))
                continue
            records.append((phase["name"], status, body[:2000]))

    def write():
        i = 0
        while not stop.is_set():
            path = event_paths[i % len(event_paths)]
            i += 1
            try:
                status, page = writer.request("GET", path)
                records.append((phase["name"], status, page[:2000]))
                token = writer.csrf(page)
                if status != 200 or token is None:
                    time.sleep(0.2)
                    continue
                for action in ("inscription", "desinscription"):
                    status, body = writer.request(
                        "POST", path + action + "/", {"csrfmiddlewaretoken": token}
                    )
                    records.append((phase["name"], status, body[:2000]))
            except OSError as error:
                records.append((phase["name"], "connection: %s" % error, ""))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    time.sleep(4)
    log("stopping PostgreSQL under load")
    phase["name"] = "stopping"
    cluster("stop")
    phase["name"] = "outage"
    time.sleep(6)
    log("starting PostgreSQL again")
    phase["name"] = "restarting"
    cluster("start")
    wait_for_postgres()
    time.sleep(2)  # the first requests after the restart may still meet a closing socket
    phase["name"] = "recovered"
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    def statuses(name):
        return [status for p, status, _body in records if p == name]

    failures = [
        (p, status)
        for p, status, _body in records
        if status == 500 or (isinstance(status, str) and p in ("healthy", "recovered"))
    ]
    assert not failures, "500s or refused connections: %r" % failures[:10]
    outage = [(status, body) for p, status, body in records if p == "outage"]
    assert outage, "no request during the outage"
    assert all(status == 503 for status, _body in outage), sorted({s for s, _b in outage})
    assert all("Service momentanément indisponible" in body for _s, body in outage)
    assert not any("Traceback" in body for _p, _s, body in records)
    for name in ("healthy", "recovered"):
        assert statuses(name), "no request while %s" % name
        assert set(statuses(name)) <= {200, 302}, (name, sorted(set(map(str, statuses(name)))))
    return (
        "%d requests: healthy %d, outage %d (all 503, in French), recovered %d (all answered)"
        % (
            len(records),
            len(statuses("healthy")),
            len(outage),
            len(statuses("recovered")),
        )
    )


def check_integrity(env):
    script = (
        "from django.db.models import Count, Q, F\n"
        "from terreau.events.models import Event\n"
        "from terreau.governance import audit\n"
        "bad = Event.objects.annotate(n=Count('registrations', filter=Q(registrations__status='confirmed')))"
        ".exclude(seats_taken=F('n')).count()\n"
        "assert bad == 0, '%d events whose seat counter differs from their registrations' % bad\n"
        "assert audit.verify().intact, 'audit chain broken'\n"
        "print('[drill] integrity: seat counters match registrations, audit chain intact')\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    sys.exit(main())
