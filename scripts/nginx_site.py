"""deploy/nginx/terreau.conf made to run here, unchanged but for what a
machine of its own would have: a self-signed certificate in place of
certbot's, logs, cache and temporary files in a folder of ours, other ports
and upstream. Used by tests/test_deployment_files.py, tests/test_micro_cache.py
and `make bench` (scripts/bench.py), so that what they run is the file a
sysadmin copies."""

import os
import re
import subprocess
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "terreau.conf"


def local_site(folder: Path, *, port=443, upstream="127.0.0.1:8000", static_root=None, tuned=False):
    """Writes folder/nginx.conf around the site file and returns the site's
    text. `tuned`: worker processes by core and more connections (a bench)."""
    folder.mkdir(parents=True, exist_ok=True)
    key, cert = folder / "privkey.pem", folder / "fullchain.pem"
    if not cert.exists():
        openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        subject = ["-subj", "/CN=terreau.example.org", "-keyout", str(key), "-out", str(cert)]
        subprocess.run([*openssl, *subject], capture_output=True, check=True)
    site = SITE.read_text()
    site = site.replace("/etc/letsencrypt/live/terreau.example.org/privkey.pem", str(key))
    site = site.replace("/etc/letsencrypt/live/terreau.example.org/fullchain.pem", str(cert))
    site = site.replace("/var/log/nginx/", str(folder) + "/")
    site = site.replace("/var/cache/nginx/terreau", str(folder / "cache"))
    if port != 443:
        site = site.replace("listen 80;", "listen 127.0.0.1:%d;" % (port + 1))
        site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % port)
        site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("server 127.0.0.1:8000 ", "server %s " % upstream)
    if static_root:
        site = site.replace("/srv/terreau/var/static/", str(static_root).rstrip("/") + "/")
    (folder / "terreau.conf").write_text(site)
    temporary = "".join(
        " %s_temp_path %s/tmp-%s;\n" % (kind, folder, kind)
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        "%(user)s%(workers)spid %(t)s/nginx.pid;\nerror_log %(t)s/error.log;\n"
        "events { worker_connections %(connections)d; }\n"
        "http {\n include /etc/nginx/mime.types;\n%(temporary)s include %(t)s/terreau.conf;\n}\n"
        % {
            "t": folder,
            "user": "user root;\n" if tuned and os.geteuid() == 0 else "",
            "workers": "worker_processes auto;\n" if tuned else "",
            "connections": 1024 if tuned else 512,
            "temporary": temporary,
        }
    )
    return site
