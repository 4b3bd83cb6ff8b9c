from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .footprint import carbon_grams
from .formatting import format_bytes, format_grams

# Written by templates/base.html in the footer, replaced here once the page is
# rendered. Its own length does not matter: the loop below settles the figure.
PAGE_WEIGHT_MARKER = "<!--terreau:page-weight-->"


def _weight_text(size: int) -> str:
    return "%s · ≈ %s" % (format_bytes(size), format_grams(carbon_grams(size)))


class PageWeightMiddleware:
    """Writes into each HTML page the number of bytes it is sent with.

    Sits just inside GZipMiddleware and compresses exactly as it will, so the
    figure is what the visitor receives (headers aside). Writing the figure
    changes the size, so it settles in at most a few rounds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not settings.TERREAU_SHOW_PAGE_WEIGHT
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        marker = PAGE_WEIGHT_MARKER.encode()
        content = response.content
        if marker not in content:
            return response
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        text = ""
        for _round in range(5):
            candidate = content.replace(marker, text.encode())
            size = len(compress_string(candidate)) if gzipped else len(candidate)
            new_text = _weight_text(size)
            if new_text == text:
                break
            text = new_text
        response.content = content.replace(marker, text.encode())
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ("Accept-Encoding",))
        return response
