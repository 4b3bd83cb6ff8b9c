"""Reading pages in tests the way a browser shows them: templates may break
their lines anywhere whitespace does not render."""

import html
import re


def squeeze(html: str) -> str:
    """Whitespace collapsed, and dropped next to tags: "<td>\\n 0 </td>" and
    "<td>0</td>" read the same. Apply it to both sides of a comparison."""
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", " ".join(html.split()))


def text_of(response) -> str:
    """A response's HTML as one line with entities decoded (« l&#x27;heure »
    reads « l'heure »), for asserting what a person reads."""

    return " ".join(html.unescape(response.content.decode()).split())
