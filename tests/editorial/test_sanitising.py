"""A story's Markdown cannot carry a script, a frame, a style or an image
from another origin, whatever an editor types; an image's alternative text
and caption are escaped."""

from html.parser import HTMLParser

import pytest

from terreau.core import markdown
from tests.editorial.factories import make_story

pytestmark = pytest.mark.django_db

ATTEMPTS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[cliquez](javascript:alert(1))",
    "[cliquez](JaVaScRiPt:alert(1))",
    "[cliquez](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pisteur](https://pisteur.example/pixel.gif)",
    '<iframe src="https://ailleurs.example"></iframe>',
    "<style>body{display:none}</style>",
    '[lien](https://exemple.fr "titre" onmouseover="alert(1)")',
    '<a href="https://exemple.fr" onclick="alert(1)">lien</a>',
]


class Elements(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser would
    build them (escaped text stays text)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_markdown_lets_no_script_image_or_frame_through(attempt):
    html = markdown.render("Avant.\n\n%s\n\nAprès." % attempt)
    for tag, attrs in Elements(html).found:
        assert tag in markdown.ALLOWED_TAGS, html
        assert not [name for name in attrs if name.startswith("on") or name == "style"], html
        if "href" in attrs:
            assert attrs["href"].split(":", 1)[0].lower() in markdown.LINK_SCHEMES, html
    assert "Avant." in html
    assert "Après." in html


def test_a_story_page_escapes_what_it_does_not_render(client, territories):
    story = make_story(
        title='<script>alert("titre")</script>',
        standfirst="<b>gras</b>",
        body="Un [vrai lien](https://exemple.fr) et <em>du HTML</em>.",
    )
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page
    assert '<a href="https://exemple.fr" rel="noopener noreferrer">vrai lien</a>' in page
    assert "<em>du HTML</em>" not in page
