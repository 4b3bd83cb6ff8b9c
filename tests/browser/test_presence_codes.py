"""Presence codes read by an independent decoder (zxing-cpp) from what
chromium shows and prints, never from the SVG source: the screen, the event
page and the poster at 320, 360 and 1280 px; the poster printed to one A4
page and its code read back from the PDF rendered at 150 dpi."""

import datetime
import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image

from terreau.checkins import services as checkins
from terreau.places.models import OpeningHours
from tests.accounts.factories import UserFactory, sign_in
from tests.challenges.factories import marathon_with_stage
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 360, 1280]


def session_of(user, live_server):
    client = Client()
    sign_in(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]


def decoded(png: bytes) -> list[str]:
    return decoded_image(Image.open(io.BytesIO(png)).convert("L"))


def decoded_image(image) -> list[str]:
    # QR codes only, as a phone's camera reads them: decoding every format
    # once found a spurious linear code (« 0237 ») in the modules of a QR code.
    return [
        result.text
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


def presence_in(url: str):
    """What a decoded URL stands for, read by the same rules as the site."""
    token = url.rstrip("/").rsplit("/", 1)[-1]
    return checkins.presence_of(token, timezone.now())


@pytest.fixture
def host_place(territories, founding_themes):
    """A place open every day, in both slots, with three défis of a
    marathon: the poster's longest likely content."""
    host = UserFactory()
    place = PlaceFactory(
        host=host, name="La Ressourcerie du Pont", kind="ressourcerie", commune=commune("34199")
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=day, opens=opens, closes=closes)
        for day in range(7)
        for opens, closes in (
            (datetime.time(0, 0), datetime.time(11, 59)),
            (datetime.time(12, 0), datetime.time(23, 59)),
        )
    )
    marathon_with_stage("ressourcerie-jean", "journee-sans-voiture-velo", "venir-en-bus")
    return host, place


@pytest.mark.parametrize("width", WIDTHS)
def test_every_presence_code_is_read_at_every_width(host_place, live_server, browser, width):
    host, place = host_place
    event = EventFactory(
        place=place,
        starts_at=timezone.now() + datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 740})
    context.add_cookies(session_of(host, live_server))
    page = context.new_page()
    pages = {
        "poster": (f"/lieux/{place.pk}/affiche/", place, None),
        "screen": (f"/lieux/{place.pk}/ecran/", place, None),
        "event": (f"/agenda/{event.pk}/presence/", place, event),
    }
    for name, (path, expected_place, expected_event) in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, width)
        assert page.url == live_server.url + path
        code = page.locator("figure svg[role=img]")
        box = code.bounding_box()
        assert box["x"] >= 0, (name, width, box)  # no finder pattern cut off
        assert box["x"] + box["width"] <= width, (name, width, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        urls = decoded(code.screenshot())
        assert len(urls) == 1, (name, width, urls)
        presence = presence_in(urls[0])
        assert (presence.place, presence.event) == (expected_place, expected_event), name
    context.close()


def test_the_poster_prints_on_one_a4_page_and_its_code_reads_from_the_pdf(
    host_place, live_server, browser
):
    host, place = host_place
    context = browser.new_context(locale="fr-FR")
    context.add_cookies(session_of(host, live_server))
    page = context.new_page()
    page.goto(live_server.url + f"/lieux/{place.pk}/affiche/")
    typed = page.locator(".url").inner_text().strip()
    assert page.locator(".poster li").count() >= 14 + 3  # the hours and the défis
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    context.close()

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=150 / 72).to_pil().convert("L")
    urls = decoded_image(image)
    assert len(urls) == 1
    presence = presence_in(urls[0])
    assert presence.place == place
    # The short address printed under it stands for the very same code.
    assert checkins.claim_of_short_code(typed.split("/p/")[1]) == presence.claim
