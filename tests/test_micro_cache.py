"""The production stack serves Terreau: Debian's nginx with the site file of
deploy/ in front of the application. An anonymous page comes from nginx's
5-second micro-cache; a signed-in person, someone just back from a form or
holding a CSRF cookie, and every write go to Django each time."""

import contextlib
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from scripts.nginx_site import local_site
from terreau.core.models import LegalPage
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path):
    """nginx in front of the test server."""
    upstream = live_server.url.removeprefix("http://")
    with serving(tmp_path, upstream, settings.STATIC_ROOT) as url:
        yield url


@contextlib.contextmanager
def serving(folder, upstream, static_root):
    """nginx in one process (no master, no privilege change) on a free port."""
    port = free_port()
    local_site(folder, port=port, upstream=upstream, static_root=static_root)
    command = ["/usr/sbin/nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)]
    process = subprocess.Popen([*command, "-g", "daemon off; master_process off;"])
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield "https://127.0.0.1:%d" % port
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url, *, cookie=None, data=None, gzip=False):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
    request = urllib.request.Request(url, data=data, headers={"Host": "localhost"})  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    if gzip:
        request.add_header("Accept-Encoding", "gzip, deflate, br")
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_an_anonymous_page_comes_from_the_micro_cache_for_a_few_seconds(nginx):
    url = nginx + "/a-propos/"
    assert fetch(url)[1]["X-Cache"] == "MISS"
    status, headers, body = fetch(url)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert "Terreau" in body.decode()
    # Compressed and not: two copies, each served as asked.
    assert fetch(url, gzip=True)[1]["X-Cache"] == "MISS"
    status, headers, body = fetch(url, gzip=True)
    assert (headers["X-Cache"], headers["Content-Encoding"]) == ("HIT", "gzip")
    assert body[:2] == b"\x1f\x8b"


def test_a_change_shows_within_a_few_seconds(nginx):
    url = nginx + "/legal/mentions-legales/"
    page, _ = LegalPage.objects.get_or_create(kind="mentions-legales", defaults={"title": "M"})
    LegalPage.objects.filter(pk=page.pk).update(body="Hébergé par la coopérative.")
    fetch(url)
    LegalPage.objects.filter(pk=page.pk).update(body="Hébergé par la commune.")
    changed_at = time.monotonic()
    assert "par la coopérative" in fetch(url)[2].decode()  # the copy kept by nginx
    while "par la commune" not in fetch(url)[2].decode():
        assert time.monotonic() - changed_at < 8, "still the old page"
        time.sleep(0.25)
    # At most the cache's 5 seconds, and the one request that renews it.
    assert time.monotonic() - changed_at < 7


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "messages=abc", "csrftoken=abc", "a=1; sessionid=abc"]
)
def test_a_personal_request_always_goes_to_django(nginx, cookie):
    url = nginx + "/a-propos/"
    fetch(url)
    fetch(url)
    for _ in range(2):
        assert fetch(url, cookie=cookie)[1]["X-Cache"] == "BYPASS"


def test_a_signed_in_page_is_never_kept_nor_served_to_the_next_visitor(nginx, client):
    client.force_login(UserFactory())
    session = "sessionid=%s" % client.cookies["sessionid"].value
    url = nginx + "/a-propos/"
    fetch(url)
    fetch(url)  # an anonymous copy is kept
    _status, headers, body = fetch(url, cookie=session)
    assert "Se déconnecter" in body.decode()  # the person's own page, not the copy
    assert headers["X-Cache"] == "BYPASS"
    assert "private" in headers["Cache-Control"]
    _status, headers, body = fetch(url)
    assert "Se déconnecter" not in body.decode()


def test_a_write_is_never_cached(nginx):
    url = nginx + "/compte/login/"
    for _ in range(2):
        status, headers, _body = fetch(url, data=b"login=x&password=y")
        assert headers.get("X-Cache") in (None, "BYPASS", "MISS")
        assert status == 403  # no CSRF token: Django itself refused it, each time


def test_a_stopped_application_node_gets_a_french_503_never_nginx_502(tmp_path):
    """No application answers behind nginx (a node stopped, restarting): the
    visitor gets the French page, status 503 and when to retry."""
    nobody = "127.0.0.1:%d" % free_port()
    static = settings.BASE_DIR / "terreau" / "static"  # the page's source, as collected
    with serving(tmp_path, nobody, static) as url:
        for data in (None, b"vote=1"):  # a read, and a write that did not arrive
            status, headers, body = fetch(url + "/agenda/", data=data)
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert "Service momentanément indisponible" in body.decode()
            assert "nginx" not in body.decode()
