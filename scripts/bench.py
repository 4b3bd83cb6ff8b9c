"""make bench: Terreau at France scale, under load, beside the static ceiling.

1. A PostgreSQL database of its own (BENCH_DATABASE_URL, default
   terreau_bench on 127.0.0.1) gets the real territories, the défis, the demo
   and the France-scale synthetic data set (`manage.py bench data`: every
   commune, 200,000 people, 30,000 places, 100,000 events, 18 marathons,
   1,000,000 check-ins, 5,000 members). A data set already there is reused.
2. gunicorn serves Terreau with production settings (debug off, Redis as the
   shared cache, persistent database connections) on 127.0.0.1:8766.
3. wrk (Debian's package) requests each page kind for BENCH_SECONDS at 1, 4,
   16 and 64 concurrent clients, then a realistic mix. Each kind rotates over
   many URLs of the data set; the POSTs are signed-in people checking in with
   a presence code and registering for an event, each request a new write.
4. The production stack: nginx with deploy/nginx/terreau.conf (TLS, the
   5-second micro-cache of anonymous pages) in front of the same gunicorn,
   under the same load on the anonymous page kinds.
5. nginx (Debian's package) serves the same pages, pre-rendered, with the
   same gzip level: the ceiling of this machine. Terreau's throughput, direct
   and through the stack, is printed as a share of it.
6. The figures go to var/bench/results.json and var/bench/results.md; what
   the load wrote is removed so the next run measures the same data.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from nginx_site import local_site  # scripts/nginx_site.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
OUT = ROOT / "var" / "bench"
TERREAU_PORT = 8766
NGINX_PORT = 8767
STACK_PORT = 8768  # and 8769, the site file's port-80 server
ORIGIN = "https://127.0.0.1:%d" % TERREAU_PORT
LEVELS = [1, 4, 16, 64]
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
# More than 1: gunicorn's gthread workers, each with this many threads.
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/terreau_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")
RENDER_SAMPLES = 20  # as in `manage.py bench plan`
GET_KINDS = ["home", "territory", "agenda", "place", "event", "marathon", "defi", "ical"]
POST_KINDS = ["checkin", "register"]
# A visit mix: mostly reading places, events and territories; some writes.
MIX = {
    "home": 10,
    "territory": 12,
    "agenda": 12,
    "place": 20,
    "event": 20,
    "marathon": 6,
    "defi": 5,
    "ical": 5,
    "checkin": 6,
    "register": 4,
}
TARGETS = {
    "p95_ms_at_4": 25,
    "rps": 300,
    "queries": 5,
    "worker_mb": 150,
    "share_at_16": 50,
    "ical_p95_ms_at_4": 50,
}


def log(message):
    print("[bench] %s" % message, flush=True)


def environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "CACHE_URL": CACHE_URL,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_BEHIND_PROXY": "1",  # requests say X-Forwarded-Proto: https
            "DJANGO_CONN_MAX_AGE": "600",
            "TERREAU_SITE_URL": ORIGIN,
            "EMAIL_URL": "dummymail://",
        }
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def create_database():
    parsed = urllib.parse.urlsplit(DATABASE_URL)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    exists = subprocess.run(
        # The name comes from BENCH_DATABASE_URL, set by whoever runs the bench.
        ["psql", maintenance, "-tAc", "SELECT 1 FROM pg_database WHERE datname = '%s'" % name],  # noqa: S608
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", maintenance, "-qc", 'CREATE DATABASE "%s"' % name], check=True)


def fetch(port, path, timeout=10):
    request = urllib.request.Request(  # noqa: S310 - a fixed http:// address on loopback
        "http://127.0.0.1:%d%s" % (port, path), headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read()


def wait_for(port, path="/", seconds=30):
    for _ in range(seconds * 10):
        try:
            fetch(port, path, timeout=5)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("Nothing answers on port %d" % port)


def write_requests(plan, kinds, name):
    """One wrk request file: the kinds' URLs (GET) or signed-in writes (POST),
    interleaved by the mix's weights when there are several kinds."""
    lines = {}
    for kind in kinds:
        if kind in plan["gets"]:
            lines[kind] = ["GET\t%s\t\t" % url for url in plan["gets"][kind]]
        else:
            # The page's own runs write with the first half, the mix with the
            # second: no request repeats a write that was already made.
            writes = plan["posts"][kind]
            half = len(writes) // 2
            writes = writes[:half] if len(kinds) == 1 else writes[half:]
            lines[kind] = ["POST\t%s\t%s\t" % (url, session) for url, session in writes]
    path = OUT / "requests" / ("%s.tsv" % name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(kinds) == 1:
        path.write_text("\n".join(lines[kinds[0]]) + "\n")
        return path
    # The mix: each round takes MIX[kind] requests of each kind, in turn.
    cursors = dict.fromkeys(kinds, 0)
    mixed = []
    for _round in range(200):
        for kind in kinds:
            for _ in range(MIX[kind]):
                mixed.append(lines[kind][cursors[kind] % len(lines[kind])])
                cursors[kind] += 1
    path.write_text("\n".join(mixed) + "\n")
    return path


SENT = {}  # request file → the line where the next run starts


def drain(port):
    """Wait until the server has answered what a run left queued (wrk stops
    sending, not the server serving): a quick page must come back quickly."""
    for _ in range(300):
        started = time.monotonic()
        fetch(port, "/robots.txt" if port == TERREAU_PORT else "/defi.html")
        if time.monotonic() - started < 0.05:
            return
    log("the server on port %d stays slow after a run" % port)


def wrk(port, requests_file, clients, csrf="", seconds=SECONDS):
    threads = min(clients, 2)
    scheme = "https" if port == STACK_PORT else "http"
    command = [
        "wrk",
        "--threads",
        str(threads),
        "--connections",
        str(clients),
        "--duration",
        "%ds" % seconds,
        "--timeout",
        "10s",
        "--script",
        str(ROOT / "scripts" / "bench.lua"),
        "%s://127.0.0.1:%d" % (scheme, port),
        "--",
        str(requests_file),
        csrf or "-",
        ORIGIN,
        str(threads),
        str(SENT.get(requests_file, 0)),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    SENT[requests_file] = figures["next"]
    drain(TERREAU_PORT if port == STACK_PORT else port)
    seconds = figures["duration_us"] / 1e6
    errors = sum(
        figures[k]
        for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return {
        "clients": clients,
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "errors": errors,
        "status_errors": figures["status_errors"],
    }


def gunicorn_workers(master_pid):
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master_pid:
            workers.append(int(entry.name))
    return workers


def peak_memory_mb(pids):
    peaks = []
    for pid in pids:
        try:
            for line in Path("/proc/%d/status" % pid).read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return round(max(peaks), 1) if peaks else None


def start_nginx(pages):
    """Debian's nginx binary with a configuration of our own: the same pages,
    pre-rendered, gzip at level 6 like Django's GZipMiddleware."""
    root = OUT / "static"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for kind, body in pages.items():
        (root / ("%s.%s" % (kind, "ics" if kind == "ical" else "html"))).write_bytes(body)
    conf = OUT / "nginx.conf"
    conf.write_text(
        """
%(user)s
worker_processes auto;
pid %(out)s/nginx.pid;
error_log %(out)s/nginx-error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    types { text/html html; text/calendar ics; }
    access_log off;
    client_body_temp_path %(out)s/tmp-body;
    proxy_temp_path %(out)s/tmp-proxy;
    fastcgi_temp_path %(out)s/tmp-fastcgi;
    uwsgi_temp_path %(out)s/tmp-uwsgi;
    scgi_temp_path %(out)s/tmp-scgi;
    gzip on;
    gzip_comp_level 6;
    gzip_min_length 200;
    gzip_types text/calendar;
    server {
        listen 127.0.0.1:%(port)d;
        root %(root)s;
    }
}
"""
        % {
            "user": "user root;" if os.geteuid() == 0 else "",
            "out": OUT,
            "port": NGINX_PORT,
            "root": root,
        }
    )
    process = subprocess.Popen(["/usr/sbin/nginx", "-c", str(conf), "-p", str(OUT)])
    wait_for(NGINX_PORT, "/home.html")
    return process


def start_stack():
    """The site file a sysadmin copies, run here (scripts/nginx_site.py) in
    front of the bench's gunicorn, its micro-cache empty."""
    folder = OUT / "stack"
    shutil.rmtree(folder / "cache", ignore_errors=True)
    local_site(
        folder,
        port=STACK_PORT,
        upstream="127.0.0.1:%d" % TERREAU_PORT,
        static_root=ROOT / "var" / "static",
        tuned=True,
    )
    command = ["/usr/sbin/nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)]
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", STACK_PORT), timeout=0.1).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("nginx with the site file does not answer on port %d" % STACK_PORT)


def run_cells(run):
    """Clients, req/s, p50, p95, p99 and errors of one wrk run, as cells."""
    return "%d | %.0f | %.1f | %.1f | %.1f | %d" % (
        run["clients"],
        run["rps"],
        run["p50_ms"],
        run["p95_ms"],
        run["p99_ms"],
        run["errors"],
    )


def stack_markdown(results):
    lines = [
        "Through the production stack (nginx with `deploy/nginx/terreau.conf`: TLS, the 5-second",
        "micro-cache; the ceiling is plain HTTP):",
        "",
        "| Page | Clients | req/s | p50 ms | p95 ms | p99 ms | Errors | nginx req/s | Share of ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in GET_KINDS:
        for run, ceiling in zip(results["stack"][kind], results["nginx"][kind], strict=True):
            lines.append(
                "| %s | %s | %.0f | %.0f %% |"
                % (kind, run_cells(run), ceiling["rps"], 100 * run["rps"] / ceiling["rps"])
            )
    return "\n".join(lines) + "\n"


def markdown(results):
    lines = [
        "| Page | Clients | req/s | p50 ms | p95 ms | p99 ms | Errors | gzip bytes | SQL queries | nginx req/s | Share of ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*POST_KINDS, *GET_KINDS, "mix"]:
        page = results["pages"].get(kind, {})
        for run in results["terreau"][kind]:
            ceiling = next(
                (
                    r["rps"]
                    for r in results["nginx"].get(kind, [])
                    if r["clients"] == run["clients"]
                ),
                None,
            )
            lines.append(
                "| %s | %s | %s | %s | %s | %s |"
                % (
                    kind,
                    run_cells(run),
                    page.get("bytes", "–"),
                    queries_cell(page),
                    "%.0f" % ceiling if ceiling else "–",
                    "%.0f %%" % (100 * run["rps"] / ceiling) if ceiling else "–",
                )
            )
    lines.append("")
    lines.append(
        "Peak memory of a gunicorn worker: %s MB (%d workers%s). Data set written in %s."
        % (
            results["worker_peak_mb"],
            results["workers"],
            " of %d threads" % results["threads"] if results.get("threads", 1) > 1 else "",
            results["data_seconds"],
        )
    )
    return "\n".join(lines) + "\n"


def render_markdown(results):
    """Where an anonymous page's time goes, measured in one process
    (`manage.py bench plan`): the whole request, its SQL, its templates."""
    lines = [
        "Render cost, one request in one process once the shared cache is warm "
        "(no network, no gzip; the mean of %s requests; templates without the "
        "SQL they run):" % RENDER_SAMPLES,
        "",
        "| Page | ms per request | SQL ms | templates ms | the rest ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in GET_KINDS:
        page = results["pages"].get(kind, {})
        if "request_ms" not in page:
            continue
        rest = page["request_ms"] - page["sql_ms"] - page["template_ms"]
        lines.append(
            "| %s | %.1f | %.1f | %.1f | %.1f |"
            % (kind, page["request_ms"], page["sql_ms"], page["template_ms"], rest)
        )
    return "\n".join(lines) + "\n"


PROFILE_COLUMNS = [
    ("orm", "ORM"),
    ("sql", "SQL driver"),
    ("templates", "templates"),
    ("middleware", "middleware"),
    ("urls", "URLs"),
    ("translation", "translation"),
    ("utils", "Django's utils"),
    ("cache", "cache"),
    ("terreau", "Terreau"),
    ("rest", "the rest"),
]


def profile_markdown(results):
    """Where a request's Python goes, by the code that spends it (cProfile in
    one process, `manage.py bench plan`): the writes beside the pages."""
    lines = [
        "Where a request's time goes, under cProfile in one process (the mean "
        "of %s requests; a write's requests each write once, cold as the "
        "load's are; « SQL driver » includes the wait for PostgreSQL; « Django's "
        "utils » are its lazy strings, thread-locals, formats and escaping; the "
        "profiler slows Python more than the database, so read the shares). "
        "« ms » is the same requests without the profiler:" % RENDER_SAMPLES,
        "",
        "| Page | ms | profiled ms | "
        + " | ".join("%s %%" % title for _key, title in PROFILE_COLUMNS)
        + " |",
        "|---|---:|---:|" + "---:|" * len(PROFILE_COLUMNS),
    ]
    for kind in [*POST_KINDS, *GET_KINDS]:
        page = results["pages"].get(kind, {})
        if "profile" not in page:
            continue
        total = sum(page["profile"].values())
        lines.append(
            "| %s | %.1f | %.1f | " % (kind, page["request_ms"], total)
            + " | ".join(
                "%.0f" % (100 * page["profile"][key] / total) for key, _title in PROFILE_COLUMNS
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def queries_cell(page):
    """A page's SQL queries once cached, and on its first request (cache
    empty or just invalidated by a write) when that differs."""
    if "queries" not in page:
        return "–"
    first = page.get("first_queries", page["queries"])
    cell = (
        str(page["queries"])
        if first == page["queries"]
        else "%d (first %d)"
        % (
            page["queries"],
            first,
        )
    )
    statements = page.get("statements", page["queries"])
    if statements != page["queries"]:
        # A write's BEGIN and COMMIT are counted as queries: said apart.
        cell += ", %d besides BEGIN/COMMIT" % statements
    return cell


def share_at_16(results):
    """Each anonymous page kind's requests per second through the stack at
    16 clients, as a share of nginx serving the same bytes."""
    return {
        kind: 100
        * next(r["rps"] for r in results["stack"][kind] if r["clients"] == 16)
        / next(r["rps"] for r in results["nginx"][kind] if r["clients"] == 16)
        for kind in GET_KINDS
    }


def verdicts(results):
    """The issue's targets, each met or missed, and by how much."""
    shares = share_at_16(results)
    lowest = min(shares, key=shares.get)
    p95 = {
        k: next(r["p95_ms"] for r in results["terreau"][k] if r["clients"] == 4) for k in GET_KINDS
    }
    worst = max(p95, key=p95.get)
    writes_p95 = {
        k: next(r["p95_ms"] for r in results["terreau"][k] if r["clients"] == 4) for k in POST_KINDS
    }
    worst_write = max(writes_p95, key=writes_p95.get)
    best_rps = max(r["rps"] for r in results["terreau"]["mix"])
    queries = {k: p["queries"] for k, p in results["pages"].items()}
    most = max(queries, key=queries.get)
    first = {k: p.get("first_queries", p["queries"]) for k, p in results["pages"].items()}
    most_first = max(first, key=first.get)
    ical_p95 = next(r["p95_ms"] for r in results["terreau"]["ical"] if r["clients"] == 4)
    return [
        (
            "anonymous pages through the stack ≥ %d %% of the ceiling at 16 clients"
            % TARGETS["share_at_16"],
            shares[lowest] >= TARGETS["share_at_16"],
            "lowest: %s %.0f %%" % (lowest, shares[lowest]),
        ),
        (
            "p95 ≤ %d ms at 4 clients (anonymous pages, direct)" % TARGETS["p95_ms_at_4"],
            p95[worst] <= TARGETS["p95_ms_at_4"],
            "worst: %s %.1f ms" % (worst, p95[worst]),
        ),
        (
            "p95 ≤ %d ms at 4 clients (signed-in writes: presence, registration)"
            % TARGETS["p95_ms_at_4"],
            writes_p95[worst_write] <= TARGETS["p95_ms_at_4"],
            "worst: %s %.1f ms" % (worst_write, writes_p95[worst_write]),
        ),
        (
            "≥ %d requests per second (the mix)" % TARGETS["rps"],
            best_rps >= TARGETS["rps"],
            "best: %.0f req/s" % best_rps,
        ),
        (
            "≤ %d SQL queries per page" % TARGETS["queries"],
            queries[most] <= TARGETS["queries"],
            "most: %s %d; on a first request (cache empty): %s %d"
            % (most, queries[most], most_first, first[most_first]),
        ),
        (
            "iCalendar feeds p95 ≤ %d ms at 4 clients" % TARGETS["ical_p95_ms_at_4"],
            ical_p95 <= TARGETS["ical_p95_ms_at_4"],
            "%.1f ms" % ical_p95,
        ),
        (
            "cancelling an event with 500 registrants answers in < 1 s, its e-mails queued",
            results["cancellation"]["seconds"] < 1
            and results["cancellation"]["queued"] == results["cancellation"]["registrants"]
            and results["cancellation"]["sent"] == 0,
            "%(seconds).3f s, %(queued)d queued, %(sent)d sent" % results["cancellation"],
        ),
        (
            "< %d MB per worker" % TARGETS["worker_mb"],
            (results["worker_peak_mb"] or 0) < TARGETS["worker_mb"],
            "peak: %s MB" % results["worker_peak_mb"],
        ),
    ]


def main():
    if not shutil.which("wrk") or not Path("/usr/sbin/nginx").exists():
        raise SystemExit("wrk and nginx are missing: scripts/install-bench-tools.sh installs them.")
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment()
    create_database()
    log("database: %s" % DATABASE_URL.rsplit("@", 1)[-1])
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "import_territories", "--if-empty")
    manage(env, "load_challenges")
    manage(env, "load_demo", "--force")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    started = time.monotonic()
    output = subprocess.run(
        [PYTHON, "manage.py", "bench", "data"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(output, end="")
    data_seconds = (
        "an earlier run (reused)" if "reused" in output else "%.0f s" % (time.monotonic() - started)
    )
    gunicorn_log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            GUNICORN,
            "terreau.wsgi",
            "--bind",
            "127.0.0.1:%d" % TERREAU_PORT,
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=gunicorn_log,
        stderr=gunicorn_log,
    )
    nginx = None
    plan_file = OUT / "plan.json"
    try:
        wait_for(TERREAU_PORT)
        manage(env, "bench", "plan", str(plan_file), "--origin", ORIGIN)
        plan = json.loads(plan_file.read_text())
        results = {
            "machine": {"cpus": os.cpu_count(), "seconds_per_run": SECONDS},
            "workers": WORKERS,
            "threads": THREADS,
            "data_seconds": data_seconds,
            "pages": plan["pages"],
            "terreau": {},
            "stack": {},
            "nginx": {},
        }
        # Every worker imports, connects and compiles its templates once: not
        # what a visitor waits for on a running site, so not measured.
        warm_up = write_requests(plan, GET_KINDS, "warm-up")
        wrk(TERREAU_PORT, warm_up, 2 * WORKERS, seconds=3)
        # The writes first: their presence codes are valid for five minutes.
        for kind in [*POST_KINDS, *GET_KINDS]:
            requests_file = write_requests(plan, [kind], kind)
            results["terreau"][kind] = []
            for clients in LEVELS:
                run = wrk(TERREAU_PORT, requests_file, clients, plan["csrf"])
                results["terreau"][kind].append(run)
                log(
                    "terreau %-9s %2d clients: %6.0f req/s, p95 %6.1f ms, %d errors"
                    % (kind, clients, run["rps"], run["p95_ms"], run["errors"])
                )
        mix_file = write_requests(plan, list(MIX), "mix")
        results["terreau"]["mix"] = [wrk(TERREAU_PORT, mix_file, c, plan["csrf"]) for c in LEVELS]
        results["worker_peak_mb"] = peak_memory_mb(gunicorn_workers(server.pid))
        # A host cancels an event with 500 registrants: the e-mails are queued,
        # the request must not wait for them (issue 13).
        cancellation_file = OUT / "cancellation.json"
        manage(env, "bench", "cancellation", str(cancellation_file))
        results["cancellation"] = json.loads(cancellation_file.read_text())
        log(
            "cancellation of an event with %(registrants)d registrants: %(seconds).3f s, "
            "%(queued)d e-mails queued, %(sent)d sent from the request" % results["cancellation"]
        )

        # The production stack, on the anonymous page kinds.
        stack = start_stack()
        try:
            for kind in GET_KINDS:
                requests_file = write_requests(plan, [kind], kind)
                results["stack"][kind] = [wrk(STACK_PORT, requests_file, c) for c in LEVELS]
                log(
                    "stack   %-9s 16 clients: %6.0f req/s"
                    % (kind, next(r["rps"] for r in results["stack"][kind] if r["clients"] == 16))
                )
        finally:
            stack.send_signal(signal.SIGQUIT)
            stack.wait(timeout=10)

        # The ceiling: the same pages, pre-rendered, from nginx.
        pages = {kind: fetch(TERREAU_PORT, plan["gets"][kind][-1]) for kind in GET_KINDS}
        nginx = start_nginx(pages)
        static_plan = {
            "gets": {k: ["/%s.%s" % (k, "ics" if k == "ical" else "html")] for k in GET_KINDS}
        }
        for kind in GET_KINDS:
            requests_file = write_requests(static_plan, [kind], "static-" + kind)
            results["nginx"][kind] = [wrk(NGINX_PORT, requests_file, c) for c in LEVELS]
        static_mix = {k: v for k, v in MIX.items() if k in GET_KINDS}
        MIX.clear()
        MIX.update(static_mix)
        results["nginx"]["mix"] = [
            wrk(NGINX_PORT, write_requests(static_plan, GET_KINDS, "static-mix"), c) for c in LEVELS
        ]
    finally:
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
        server.terminate()
        server.wait(timeout=30)
        if plan_file.exists():
            manage(env, "bench", "reset", str(plan_file))
    results["verdicts"] = [
        {"target": t, "met": met, "figure": figure} for t, met, figure in verdicts(results)
    ]
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    table = "\n".join(
        [
            markdown(results),
            stack_markdown(results),
            render_markdown(results),
            profile_markdown(results),
        ]
    )
    for verdict in results["verdicts"]:
        table += "\n- %s: %s (%s)" % (
            verdict["target"],
            "met" if verdict["met"] else "MISSED",
            verdict["figure"],
        )
    (OUT / "results.md").write_text(table + "\n")
    print(table)
    log("figures: var/bench/results.json and var/bench/results.md")


if __name__ == "__main__":
    sys.exit(main())
