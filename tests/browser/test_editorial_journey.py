"""An editor writes a story on her phone, adds a photo and the live figures
of her territory's marathon, and schedules it; at the set time it appears by
itself on the territory's page and in its Atom feed, its photo lazily
loaded, its figures read from the data."""

import datetime
import io

import feedparser
import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from terreau.editorial.models import Story
from tests.browser.test_checkin_journey import session_of
from tests.challenges.factories import marathon_with_stage
from tests.editorial.factories import editor, make_episode, make_video, real_webm
from tests.territories.factories import commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (1000, 600), (90, 140, 80)).save(output, format="JPEG")
    return output.getvalue()


def test_an_editor_schedules_a_story_that_appears_at_its_time(territories, live_server, browser):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    pezenas = commune("34199")
    camille = editor(pezenas)
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    context.add_cookies(session_of(camille, live_server))
    page = context.new_page()

    page.goto(live_server.url + "/media/")
    page.get_by_role("link", name="La rédaction : écrire et publier").click()
    page.get_by_role("link", name="Écrire un article").click()
    page.get_by_label("Titre").fill("Le marathon passe par Pézenas")
    page.get_by_label("Chapeau").fill("Ce que les habitants ont relevé en un mois.")
    page.get_by_label("Texte").fill(
        "## Un mois\n\nDes jeans trouvés à la ressourcerie, **ensemble**."
    )
    page.get_by_label("Crédits").fill("Texte : Camille")
    page.get_by_label("Commune dont parle l'article").fill("Pézenas")
    page.get_by_label("Chiffres en direct d'un marathon").select_option(label=str(marathon))
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.get_by_label("Image (JPEG, PNG ou WebP, 8 Mo au plus)").set_input_files(
        files=[{"name": "jeans.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_label("Texte alternatif : ce que montre l'image").fill("Une pile de jeans")
    page.get_by_role("button", name="Ajouter l'image").click()
    page.get_by_text("Image ajoutée, sans ses métadonnées.").wait_for()

    at = timezone.localtime() + datetime.timedelta(days=2)
    page.get_by_label("Publier le (facultatif)").fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_text("Publication programmée").wait_for()
    story = Story.objects.get()

    reader = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    reading = reader.new_page()
    response = reading.goto(live_server.url + story.get_absolute_url())
    assert response.status == 404
    reading.goto(live_server.url + pezenas.get_absolute_url())
    assert story.title not in reading.inner_text("main")

    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        reading.goto(live_server.url + pezenas.get_absolute_url())
        reading.get_by_role("link", name=story.title).click()
        reading.get_by_role("heading", name="En direct : Marathon de test").wait_for()
        main = reading.inner_text("main")
        assert "Des jeans trouvés à la ressourcerie, ensemble." in main
        assert "Chiffres lus dans les données de Terreau le" in main
        image = reading.get_by_role("img", name="Une pile de jeans")
        assert image.get_attribute("loading") == "lazy"
        assert (image.get_attribute("width"), image.get_attribute("height")) == ("1000", "600")
        assert reading.evaluate("document.documentElement.scrollWidth") <= 320
        feed = reading.request.get(live_server.url + "/rss/epci/243400819/")
        assert [e.title for e in feedparser.parse(feed.body()).entries] == [story.title]
    context.close()
    reader.close()


def test_an_episode_page_loads_no_audio_byte_before_the_listener_asks(
    territories, live_server, browser
):
    episode = make_episode(seconds=30)
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    audio_requests = []
    page.on("request", lambda r: audio_requests.append(r) if episode.audio_url in r.url else None)
    page.goto(live_server.url + episode.get_absolute_url(), wait_until="networkidle")
    main = page.inner_text("main")
    assert "Durée : 30 s" in main
    assert "chargé seulement quand vous lancez la lecture" in main
    page.wait_for_timeout(500)
    assert audio_requests == []  # nothing fetched before the listener asks
    assert page.locator("audio").get_attribute("autoplay") is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    with page.expect_request(lambda r: episode.audio_url in r.url):
        page.evaluate("document.querySelector('audio').play().catch(() => {})")
    assert audio_requests
    context.close()


def test_a_video_page_loads_no_video_byte_before_the_reader_asks(territories, live_server, browser):
    item = make_video(published=True)
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(live_server.url + item.get_absolute_url(), wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in fetched if item.file_url in url]
    assert "chargé seulement quand vous lancez la lecture" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # The poster is the only image: the page's own, before any video byte.
    assert [url for url in fetched if item.poster_url in url]
    context.close()


# Plays muted (a browser lets a page start muted media) and gives up after
# five seconds rather than hang: the answer is then "timeout", and fails.
PLAY = """async () => {
    const video = document.querySelector('video');
    video.muted = true;
    const played = video.play().then(() => new Promise(done => {
        video.addEventListener('timeupdate', function seen() {
            if (video.currentTime > 0.5) { video.removeEventListener('timeupdate', seen); done('playing'); }
        });
    }));
    const timeout = new Promise(done => setTimeout(() => done('timeout'), 5000));
    const outcome = await Promise.race([played.catch(e => 'refused: ' + e), timeout]);
    video.pause();
    const track = video.textTracks[0];
    return {outcome, time: video.currentTime, cues: track.cues ? track.cues.length : 0, mode: track.mode};
}"""


def test_a_video_served_by_terreau_plays_by_byte_ranges_with_its_captions(
    territories, live_server, browser
):
    item = make_video(published=True, upload=real_webm())
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    answers = []
    page.on("response", lambda r: answers.append(r) if item.file_url in r.url else None)
    page.goto(live_server.url + item.get_absolute_url(), wait_until="networkidle")
    assert answers == []

    played = page.evaluate(PLAY)
    assert played["outcome"] == "playing", played
    assert played["cues"] == 1
    assert played["mode"] == "showing"
    # Chromium asks for the file by ranges, and Terreau answers 206 with them.
    assert any(a.status == 206 and a.request.headers.get("range") for a in answers), [
        (a.status, a.request.headers.get("range")) for a in answers
    ]
    context.close()
