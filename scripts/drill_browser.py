"""A minimal HTTP client for the drills (scripts/db_down_drill.py,
scripts/scale_drill.py): it keeps its own cookies and reads a form's CSRF
token, speaking TLS to nginx, or plain HTTP to gunicorn as if behind it."""

import http.client
import re
import urllib.parse

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    def __init__(self, port, *, origin, tls=None):
        self.port, self.origin, self.tls = port, origin, tls
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {
            "Cookie": "; ".join("%s=%s" % item for item in self.cookies.items()),
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        if self.tls is None:
            # gunicorn directly: the cookies are Secure, the proxy is pretended.
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            headers["X-Forwarded-Proto"] = "https"
        else:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=20, context=self.tls
            )
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                value = rest.split(";", 1)[0]
                if "max-age=0" in rest.lower() or value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return response.status, content

    @staticmethod
    def csrf(page):
        match = CSRF_FIELD.search(page)
        return match.group(1) if match else None
