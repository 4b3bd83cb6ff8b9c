"""Drill: Terreau past one machine, losing a part of itself under load.

On this machine (`make scale-drill`, as root, with Debian's PostgreSQL):

1. A PostgreSQL primary and a streaming replica of it, made with Debian's
   `initdb`, `pg_basebackup` and `pg_ctl` in a folder of their own, on ports
   5441 and 5442 (the cluster on 5432 is not touched).
2. Two application nodes, gunicorn on 127.0.0.2:8781 and 127.0.0.3:8782,
   stateless: the same primary and replica (`DATABASE_REPLICA_URL`), the same
   Redis, the same folder of uploads.
3. nginx with the production site file (deploy/nginx/terreau.conf), its
   upstream holding both nodes, on 127.0.0.1:8783.
4. Under load (anonymous readers, and signed-in people registering for
   events and leaving them, each checking at once that the page shows it),
   the drill stops node 1, then the replica.

It fails unless every answer is a page or a French 503, nothing is refused
at the door, every person saw their own write on the next page, the seat
counters equal their registrations, and each person's registrations are
those their last confirmed action left. It prints the figures per node and
per phase, and what the replica served before it stopped.
"""

import collections
import http.client
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from drill_browser import Browser  # scripts/drill_browser.py, beside this file
from nginx_site import local_site  # scripts/nginx_site.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WORK = Path(tempfile.gettempdir()) / "terreau-scale-drill"
PRIMARY_PORT, REPLICA_PORT = 5441, 5442
NODES = [("127.0.0.2", 8781), ("127.0.0.3", 8782)]
NGINX_PORT = 8783  # and 8784, the site file's port-80 server
ORIGIN = "https://127.0.0.1:%d" % NGINX_PORT
CACHE_URL = "redis://127.0.0.1:6379/7"
WRITERS = ["habitant@demo.terreau.localhost", "habitante@demo.terreau.localhost"]
DEMO_PASSWORD = "terreau-demo-2026"  # noqa: S105 - the demo's, printed by load_demo
PHASE_SECONDS = 6
WORKERS = 2  # gunicorn workers per node
TLS = {"context": None}  # trusts the drill's self-signed certificate (start_nginx)
CHECK_EVERY_SECONDS = 2  # terreau/core/replica.py
# The event page's button for someone registered (or waiting).
REGISTERED = "Annuler mon inscription"


def log(message):
    print("[scale-drill] %s" % message, flush=True)


def pg_bin(tool):
    version = sorted(os.listdir("/usr/lib/postgresql"), key=float)[-1]
    return "/usr/lib/postgresql/%s/bin/%s" % (version, tool)


def as_postgres(*command, **kwargs):
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, **kwargs)


def database_url(port):
    return "postgres://postgres@127.0.0.1:%d/terreau" % port


def start_databases():
    """A primary, then a replica streaming from it."""
    primary, replica = WORK / "primary", WORK / "replica"
    as_postgres(
        pg_bin("initdb"),
        "-D",
        str(primary),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        stdout=subprocess.DEVNULL,
    )
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(
            "port = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n"
            "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
            # A throwaway cluster: durability on disk is not what is drilled.
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n" % (PRIMARY_PORT, WORK)
        )
    as_postgres(
        pg_bin("pg_ctl"),
        "-D",
        str(primary),
        "-l",
        str(WORK / "primary.log"),
        "-w",
        "start",
        stdout=subprocess.DEVNULL,
    )
    psql(PRIMARY_PORT, "postgres", "-qc", "CREATE DATABASE terreau")
    as_postgres(
        pg_bin("pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(PRIMARY_PORT),
        "-U",
        "postgres",
        "-D",
        str(replica),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    )
    with open(replica / "postgresql.conf", "a") as conf:
        conf.write("port = %d\n" % REPLICA_PORT)
    as_postgres(
        pg_bin("pg_ctl"),
        "-D",
        str(replica),
        "-l",
        str(WORK / "replica.log"),
        "-w",
        "start",
        stdout=subprocess.DEVNULL,
    )


def stop_database(name):
    folder = WORK / name
    if (folder / "postmaster.pid").exists():
        as_postgres(
            pg_bin("pg_ctl"),
            "-D",
            str(folder),
            "-m",
            "fast",
            "-w",
            "stop",
            stdout=subprocess.DEVNULL,
        )


def psql(port, database, *args, **kwargs):
    command = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database]
    return as_postgres(*command, *args, **kwargs)


def sql(port, query):
    return psql(port, "terreau", "-Atc", query, capture_output=True, text=True).stdout.strip()


def environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        {
            "DATABASE_URL": database_url(PRIMARY_PORT),
            "DATABASE_REPLICA_URL": database_url(REPLICA_PORT),
            "CACHE_URL": CACHE_URL,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_BEHIND_PROXY": "1",
            "DJANGO_CONN_MAX_AGE": "600",
            "TERREAU_SITE_URL": ORIGIN,
            "TERREAU_MEDIA_ROOT": str(WORK / "uploads"),  # shared by both nodes
            "TERREAU_NO_DOTENV": "1",
            "EMAIL_URL": "dummymail://",
        }
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start_node(env, address, port, number):
    logfile = open(WORK / ("node-%d.log" % number), "w")  # noqa: SIM115
    return subprocess.Popen(
        [
            GUNICORN,
            "terreau.wsgi",
            "--bind",
            "%s:%d" % (address, port),
            "--workers",
            str(WORKERS),
            "--timeout",
            "20",
            "--graceful-timeout",
            "10",
            "--access-logfile",
            str(WORK / ("node-%d-access.log" % number)),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=logfile,
    )


def start_nginx():
    folder = WORK / "nginx"
    upstream = "%s:%d fail_timeout=0;\n    server %s:%d" % (*NODES[0], *NODES[1])
    local_site(folder, port=NGINX_PORT, upstream=upstream, static_root=ROOT / "var" / "static")
    TLS["context"] = ssl.create_default_context(cafile=folder / "fullchain.pem")
    TLS["context"].check_hostname = False  # issued to terreau.example.org
    command = ["/usr/sbin/nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)]
    return subprocess.Popen([*command, "-g", "daemon off; master_process off;"])


def new_browser():
    return Browser(NGINX_PORT, origin=ORIGIN, tls=TLS["context"])


def wait_for(predicate, what, seconds=30):
    for _ in range(seconds * 10):
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("%s did not come" % what)


def main():
    if os.geteuid() != 0:
        raise SystemExit("The drill runs PostgreSQL clusters as the postgres user: run it as root.")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    shutil.chown(WORK, "postgres")
    processes = []
    try:
        log("a primary on %d and its streaming replica on %d" % (PRIMARY_PORT, REPLICA_PORT))
        start_databases()
        env = environment()
        import redis  # from the project's requirements

        redis.Redis.from_url(CACHE_URL).flushdb()
        log("the demo, written on the primary")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "import_territories", "--if-empty")
        manage(env, "load_challenges")
        manage(env, "load_demo", "--force")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        nodes = [start_node(env, address, port, n + 1) for n, (address, port) in enumerate(NODES)]
        processes.extend(nodes)
        processes.append(start_nginx())
        wait_for(lambda: new_browser().request("GET", "/")[0] == 200, "the site through nginx")
        for address, port in NODES:
            wait_for(lambda a=address, p=port: _node_answers(a, p), "node %s:%d" % (address, port))
        result = run_drill(nodes)
        check_integrity(env, result.pop("expected"))
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        stop_database("replica")
        stop_database("primary")
    for line in result["figures"]:
        log(line)
    shutil.rmtree(WORK, ignore_errors=True)


def _node_answers(address, port):
    connection = http.client.HTTPConnection(address, port, timeout=5)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    connection.request("GET", "/robots.txt", headers=headers)
    return connection.getresponse().status == 200


def sign_in(email):
    browser = new_browser()
    _status, page = browser.request("GET", "/compte/login/")
    status, _page = browser.request(
        "POST",
        "/compte/login/",
        {"csrfmiddlewaretoken": browser.csrf(page), "login": email, "password": DEMO_PASSWORD},
    )
    assert status == 302, "signing in %s failed (%s)" % (email, status)
    return browser


def run_drill(nodes):
    _status, agenda = new_browser().request("GET", "/agenda/")
    event_paths = sorted(set(re.findall(r'href="(/agenda/\d+/)"', agenda)))
    assert event_paths, "no upcoming event in the demo agenda"
    _status, home = new_browser().request("GET", "/")
    readers_paths = ["/", "/agenda/", "/lieux/", "/territoires/commune/34199/", *event_paths[:3]]
    readers_paths += sorted(set(re.findall(r'href="(/lieux/\d+/)"', home)))[:3]

    records = []  # (time, phase, who, status, problem)
    phase = {"name": "two nodes"}
    stop = threading.Event()
    # (writer, event path) -> registered after their last confirmed action
    expected = {}

    def reader(n):
        browser, i = new_browser(), n
        while not stop.is_set():
            path = readers_paths[i % len(readers_paths)]
            if i % 2:
                # Past nginx's micro-cache, to the nodes and the replica.
                path += "?lecture=%d" % i
            i += 1
            try:
                status, body = browser.request("GET", path)
            except OSError as error:
                records.append((time.monotonic(), phase["name"], "reader", "refused", str(error)))
                continue
            records.append(
                (time.monotonic(), phase["name"], "reader", status, _problem(status, body))
            )

    def writer(email):
        browser, i = sign_in(email), 0
        while not stop.is_set():
            path = event_paths[i % len(event_paths)]
            i += 1
            try:
                status, page = browser.request("GET", path)
                records.append(
                    (time.monotonic(), phase["name"], "writer", status, _problem(status, page))
                )
                token = browser.csrf(page)
                if status != 200 or token is None or "inscription/" not in page:
                    time.sleep(0.2)
                    continue
                registered = REGISTERED in page
                action = "desinscription" if registered else "inscription"
                status, body = browser.request(
                    "POST", path + action + "/", {"csrfmiddlewaretoken": token}
                )
                records.append(
                    (time.monotonic(), phase["name"], "writer", status, _problem(status, body))
                )
                if status != 302:
                    # A 503 may come after the write was made or before: the
                    # next confirmed action says what the person has.
                    expected[(email, path)] = None
                    continue
                # Read-your-writes: the very next page shows what was done.
                status, page = browser.request("GET", path)
                records.append(
                    (time.monotonic(), phase["name"], "writer", status, _problem(status, page))
                )
                if status != 200:
                    continue
                now_registered = REGISTERED in page
                if now_registered == registered:
                    records.append(
                        (
                            phase["name"],
                            "writer",
                            "stale",
                            "%s %s not seen on %s" % (email, action, path),
                        )
                    )
                expected[(email, path)] = now_registered
            except OSError as error:
                records.append((time.monotonic(), phase["name"], "writer", "refused", str(error)))

    lines_before = [_access_lines(n + 1) for n in range(len(NODES))]
    replica_reads_before = int(sql(REPLICA_PORT, "SELECT sum(xact_commit) FROM pg_stat_database"))
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    threads += [threading.Thread(target=writer, args=(email,)) for email in WRITERS]
    for thread in threads:
        thread.start()
    time.sleep(PHASE_SECONDS)
    replica_reads = (
        int(sql(REPLICA_PORT, "SELECT sum(xact_commit) FROM pg_stat_database"))
        - replica_reads_before
    )
    health_before = new_browser().request("GET", "/sante/?format=text")
    log("stopping node 1 under load")
    phase["name"] = "node 1 stopped"
    nodes[0].send_signal(signal.SIGTERM)
    nodes[0].wait(timeout=30)
    time.sleep(PHASE_SECONDS)
    log("stopping the replica under load")
    phase["name"] = "replica stopped"
    stop_database("replica")
    replica_stopped_at = time.monotonic()
    time.sleep(PHASE_SECONDS)
    health_after = new_browser().request("GET", "/sante/?format=text")
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    problems = [r for r in records if r[4]]
    assert not problems, "answers that were not a page or a French 503: %r" % problems[:10]
    by_phase = collections.Counter(r[1] for r in records)
    for name in ("two nodes", "node 1 stopped", "replica stopped"):
        assert by_phase[name], "no request while %s" % name
    assert replica_reads > 0, "the replica served no read while it ran"
    lag_before = re.search(r"ReplicaLag\(lag='([^']*)'\)", health_before[1])
    lag_after = re.search(r"ReplicaLag\(lag='([^']*)'\)", health_after[1])
    assert lag_before, "the health page does not show the replica's lag"
    assert lag_after, "the health page does not show the replica's lag"
    assert "injoignable" in lag_after.group(1), lag_after.group(1)
    per_node = [_access_lines(n + 1) - lines_before[n] for n in range(len(NODES))]
    statuses = collections.Counter((r[1], r[3]) for r in records)
    # Each process checks the replica every few seconds: past that, the
    # reads it sent there are served by the primary, none refused.
    settled = replica_stopped_at + CHECK_EVERY_SECONDS + 1
    late_503 = [r for r in records if r[0] > settled and r[3] == 503]
    assert not late_503, "%d French 503 long after the replica stopped" % len(late_503)
    # A worker whose replica read fails leaves the replica aside at once
    # (ReadYourWritesMiddleware.process_exception): a read or two each.
    replica_503 = statuses[("replica stopped", 503)]
    assert replica_503 <= 2 * WORKERS, "%d French 503 when the replica stopped" % replica_503
    figures = [
        "%d requests through nginx; %s"
        % (len(records), ", ".join("%s: %s" % (k, v) for k, v in sorted(statuses.items()))),
        "node 1 answered %d requests (then stopped), node 2 answered %d" % tuple(per_node),
        "the replica committed %d read transactions in the first %d s"
        % (replica_reads, PHASE_SECONDS),
        "/sante/ before: replica lag %s; after its stop: %s"
        % (lag_before.group(1), lag_after.group(1)),
        "%d people × events whose registration was checked against the database"
        % sum(1 for v in expected.values() if v is not None),
    ]
    return {"figures": figures, "expected": expected}


def _problem(status, body):
    if status in (200, 302):
        return ""
    if status == 503 and "Service momentanément indisponible" in body:
        return ""
    return "%s: %s" % (status, body[:200])


def _access_lines(number):
    path = WORK / ("node-%d-access.log" % number)
    return sum(1 for _ in path.open()) if path.exists() else 0


def check_integrity(env, expected):
    """On the primary: seat counters equal registrations, and each person's
    registrations are what their last confirmed action left (none lost,
    none doubled)."""
    lines = "\n".join(
        "    (%r, %d, %r)," % (email, int(path.strip("/").split("/")[-1]), registered)
        for (email, path), registered in expected.items()
        if registered is not None
    )
    script = (
        "from django.db.models import Count, Q, F\n"
        "from terreau.events.models import Event, Registration\n"
        "bad = Event.objects.annotate(n=Count('registrations', filter=Q(registrations__status='confirmed')))"
        ".exclude(seats_taken=F('n')).count()\n"
        "assert bad == 0, '%%d events whose seat counter differs from their registrations' %% bad\n"
        "expected = [\n%s\n]\n"
        "for email, event, registered in expected:\n"
        "    rows = Registration.objects.filter(person__email=email, event_id=event).count()\n"
        "    assert rows == int(registered), (email, event, rows, registered)\n"
        "print('[scale-drill] integrity: seat counters match registrations; %%d registrations as "
        "their people last left them' %% len(expected))\n" % lines
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    sys.exit(main())
