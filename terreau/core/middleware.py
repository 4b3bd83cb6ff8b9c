from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

from .footprint import carbon_grams
from .formatting import format_bytes, format_grams

# Written by templates/base.html in the footer, replaced here once the page is
# rendered. Its own length does not matter: the loop below settles the figure.
PAGE_WEIGHT_MARKER = b"<!--terreau:page-weight-->"
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


def weight_text(size: int) -> str:
    return "%s · ≈ %s" % (format_bytes(size), format_grams(carbon_grams(size)))


class PageWeightMiddleware:
    """Writes into each HTML page the number of bytes it is sent with, and
    compresses it when the browser accepts gzip.

    It compresses HTML pages itself (GZipMiddleware, outside it, then leaves
    them alone and handles everything else) so that the figure is exactly the
    body the visitor receives. Writing the figure changes the size, so it
    settles in a few rounds. Django's gzip adds random bytes against BREACH;
    here compression is deterministic so the figure can be exact: the only
    secret in these pages, the CSRF token, is already masked per response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _settle(content: bytes, gzipped: bool) -> bytes:
        """The body whose footer states its own size. Writing a figure can
        change the size enough to change the figure; trailing spaces after
        it (invisible in HTML) let it reach a figure that is exactly true."""

        def render(text: bytes, padding: int) -> bytes:
            body = content.replace(PAGE_WEIGHT_MARKER, text + b" " * padding)
            return compress_string(body) if gzipped else body

        first_guess = weight_text(len(render(b"", 0))).encode()
        # Restating the figure settles it in two or three rounds; padding is
        # only tried when the figure swings between two values. (Trying every
        # padding first cost a hundred compressions a page: `make bench`.)
        for padding in range(64):
            text = first_guess
            for _attempt in range(4):
                body = render(text, padding)
                stated = weight_text(len(body)).encode()
                if stated == text:
                    return body
                text = stated
        return body  # not reached in practice; off by a few bytes at worst

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not settings.TERREAU_SHOW_PAGE_WEIGHT
            or response.streaming
            or response.has_header("Content-Encoding")
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        content = response.content
        if PAGE_WEIGHT_MARKER not in content:
            return response
        gzipped = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        body = self._settle(content, gzipped)
        response.content = body
        response["Content-Length"] = str(len(body))
        patch_vary_headers(response, ("Accept-Encoding",))
        if gzipped:
            response["Content-Encoding"] = "gzip"
            etag = response.get("ETag")
            if etag and etag.startswith('"'):
                response["ETag"] = "W/" + etag
        return response


class PermissionsPolicyMiddleware:
    """Denies browser features that no page of Terreau uses (location,
    camera, microphone…), as TERREAU_PERMISSIONS_POLICY lists them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.TERREAU_PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """A page rendered for a signed-in person is theirs: `Cache-Control:
    private` keeps shared caches (a proxy, a CDN) from storing it and serving
    it to the next visitor. Views that show what must not even stay on the
    device (a share certificate, an export) add `no-store` themselves
    (`never_cache`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class NulByteMiddleware:
    """A NUL byte has no place in an address: PostgreSQL refuses it in text
    (a token, a search), which would be a 500. Such a request gets the French
    400 page before any view reads it. Form fields refuse it on their own
    (Django's `ProhibitNullCharactersValidator`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL byte in the request's address")
        return self.get_response(request)
