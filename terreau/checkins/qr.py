"""QR codes as inline SVG, drawn on the server with `segno`: no image file,
no script, nothing fetched from elsewhere."""

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe


def qr_svg(url: str, *, label: str) -> str:
    """The code as SVG with a viewBox and no fixed size, so that it scales to
    its container (the stylesheet sets its width: a phone's screen, a tablet,
    9 cm on paper) and is never cropped; black on white with its quiet zone,
    whatever the page's colours."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, omitsize=True, dark="#000", light="#fff", svgclass="qr", lineclass=None
    )
    # Named for screen readers; segno's markup holds only numbers and paths.
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="%s" ' % escape(label), 1))  # noqa: S308
