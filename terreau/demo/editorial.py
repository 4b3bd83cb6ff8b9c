"""Régénérer's demo: stories about the demo territories, with photos drawn
here (nothing is downloaded), live figures read from the demo marathon, an
editor per side, and one story scheduled for later this week."""

import datetime

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from terreau.challenges.models import Marathon
from terreau.core.models import Theme
from terreau.editorial import services
from terreau.editorial.models import Editor, Story, StoryRevision
from terreau.places.models import Place

REPAIR_CAFE = """## Un samedi par mois

Le premier samedi de chaque mois, La Filature partagée pousse les tables de l'atelier et sort les
tournevis. On vient avec un grille-pain qui ne chauffe plus, un aspirateur qui siffle, une lampe
dont le fil est dénudé ; on repart, deux fois sur trois, avec l'objet réparé, et toujours en ayant
compris ce qui clochait.

## Ce qui a marché

- **Réparer avec, pas pour** : chaque personne tient l'outil, les bénévoles conseillent.
- **Un carnet des pannes** : ce qui a été réparé, comment, avec quelle pièce.
- **La ressourcerie à côté** : ce qui ne se répare pas part en pièces détachées.

## Et maintenant

L'équipe cherche des bénévoles à l'aise avec l'électronique, et voudrait ouvrir un deuxième
samedi au printemps. Les chiffres ci-dessous sont ceux du marathon du territoire, lus en direct :
ils bougent à chaque défi relevé.
"""

STAGE_RESULTS = """## Une étape, des gestes

La première étape du marathon coopératif Castres-Mazamet mettait le réemploi et la mobilité au
programme : un jean ou un t-shirt trouvé à la ressourcerie plutôt qu'acheté neuf, un trajet en
bus ou à vélo plutôt qu'en voiture. Chaque défi est validé sur place, par le code du lieu ou de
l'événement : aucun chiffre ici n'est déclaré sans présence.

## Lire les chiffres

Les chiffres ci-dessous ne sont pas recopiés : la page les lit dans les données au moment où
vous la consultez, avec le calcul de l'impact et la source de chaque facteur. Ils ne classent
personne : ce sont des résultats collectifs.
"""

PORTRAIT = """## Réparer, transmettre

Jo est arrivé à La Filature partagée pour faire réparer une lampe ; il y revient chaque mois pour
réparer celles des autres. « Ce qui me plaît, c'est le moment où la personne comprend ce qui
clochait, et repart en sachant le refaire. »

## Ce qu'il aimerait

« Que chaque quartier ait son atelier, et qu'on n'ait plus honte d'apporter un objet cassé. »

*Jo a accepté ce portrait, son prénom et ses paroles ; il peut retirer son accord à tout moment, et
l'article sera alors dépublié.*
"""

SCHEDULED = """## Le programme

Trois heures pour comprendre, en équipe, les causes et les conséquences du dérèglement
climatique, puis une heure pour choisir un défi à relever ensemble dans le quartier.
"""


def _photo(colours, label):
    """A drawn picture (a sky, a field, a sign) standing in for a photo."""
    image = Image.new("RGB", (1200, 800), colours[0])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, 1200, 800), fill=colours[1])
    draw.ellipse((880, 90, 1040, 250), fill="#f2c94c")
    draw.rectangle((160, 300, 640, 560), fill="#fbf7ee", outline="#3d2b1f", width=8)
    try:  # Debian's fonts-dejavu-core (scripts/install-system-libs.sh) has the accents
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 56)
    except OSError:
        font = ImageFont.load_default(56)
    draw.text((400, 430), label, fill="#3d2b1f", anchor="mm", font=font)
    return image


def _story(editor, territory, title, slug, standfirst, body, credits, publish_at, **fields):
    story = Story.objects.create(
        territory=territory,
        title=title,
        slug=slug,
        standfirst=standfirst,
        body=body,
        credits=credits,
        state=Story.State.PUBLISHED,
        publish_at=publish_at,
        created_by=editor,
        created_at=publish_at - datetime.timedelta(days=2),
        **fields,
    )
    StoryRevision.objects.create(
        story=story,
        number=1,
        title=title,
        standfirst=standfirst,
        body=body,
        note="Premier jet",
        saved_by=editor,
        saved_at=story.created_at,
    )
    return story


def load(people: dict, now) -> None:
    load_episodes(people, now)
    load_video(people, now)
    if Story.objects.exists():
        return
    place = Place.objects.filter(name="La Filature partagée").select_related("commune").first()
    marathon = Marathon.objects.select_related("territory").first()
    if place is None or marathon is None:
        return
    host = people["hote@demo.terreau.localhost"]
    Editor.objects.get_or_create(person=host, territory=place.commune)
    themes = {t.slug: t for t in Theme.objects.all()}
    repair = _story(
        host,
        place.commune,
        "La Filature partagée : un an de repair café",
        "un-an-de-repair-cafe-a-la-filature",
        "Un samedi par mois depuis un an, on y répare ensemble grille-pain, aspirateurs et lampes : "
        "deux objets sur trois repartent en état de marche.",
        REPAIR_CAFE,
        "Texte : Camille (hôte) ; dessins : l'équipe de la démonstration",
        now - datetime.timedelta(days=6),
        theme=themes.get("developpement-durable"),
        figures_of_marathon=marathon,
    )
    repair.places.add(place)
    repair.marathons.add(marathon)
    services.add_image(
        repair,
        _photo(("#cfe3ef", "#7a9a57"), "Repair café"),
        "Dessin : une enseigne « Repair café » devant un champ, sous le soleil",
        "Dessin de démonstration, pas une photo",
    )
    stage = _story(
        host,
        marathon.territory,
        "Première étape du marathon : ce que le territoire a fait ensemble",
        "premiere-etape-du-marathon-castres-mazamet",
        "Réemploi et mobilité : les défis relevés dans les lieux du territoire, et leur impact "
        "estimé, lus en direct dans les données.",
        STAGE_RESULTS,
        "Texte : l'équipe de la coopérative",
        now - datetime.timedelta(days=2),
        theme=themes.get("transition-ecologique-sociale"),
        figures_of_marathon=marathon,
        figures_of_territory=True,
    )
    stage.marathons.add(marathon)
    jo = people["habitant@demo.terreau.localhost"]
    portrait = _story(
        host,
        place.commune,
        "Portrait : Jo, réparateur de lampes",
        "portrait-jo-reparateur-de-lampes",
        "Venu faire réparer une lampe, il répare désormais celles des autres, un samedi par mois.",
        PORTRAIT,
        "Texte : Camille (hôte), avec l'accord de Jo",
        now - datetime.timedelta(days=4),
        theme=themes.get("faire-societe"),
        is_portrait=True,
    )
    portrait.places.add(place)
    services.record_consent(
        portrait,
        host,
        name="Jo",
        how="account",
        given_on=timezone.localdate(now) - datetime.timedelta(days=5),
        shown=["name", "quotes", "role"],
        person=jo,
    )
    scheduled = _story(
        host,
        place.commune,
        "Une Fresque du Climat à La Filature",
        "fresque-du-climat-a-la-filature",
        "Samedi, trois heures pour comprendre et une pour agir : l'atelier est ouvert à toutes et à "
        "tous, sans inscription préalable.",
        SCHEDULED,
        "Texte : Camille (hôte)",
        now + datetime.timedelta(days=3),
    )
    scheduled.places.add(place)


EPISODES = [
    (
        "Réparer ensemble, un samedi par mois",
        "Camille raconte la première année du repair café de La Filature partagée : les objets, "
        "les bénévoles, ce qu'on y apprend.",
        [
            ("Bienvenue", "Bonjour et bienvenue dans Régénérer, le podcast de Terreau."),
            (
                "Le repair café",
                "Aujourd'hui, nous sommes à La Filature partagée, où un samedi par mois, on répare "
                "ensemble les objets en panne. Deux sur trois repartent en état de marche.",
            ),
            (
                "Venir",
                "Pour venir, il suffit d'apporter son objet. Les bénévoles conseillent, mais c'est "
                "vous qui tenez le tournevis.",
            ),
        ],
    ),
    (
        "Un marathon, des gestes",
        "Ce que la première étape du marathon coopératif a changé sur le territoire de "
        "Castres-Mazamet, raconté par celles et ceux qui l'ont faite.",
        [
            (
                "Le marathon",
                "Bonjour. Le marathon coopératif, ce sont dix-huit mois de défis concrets, validés "
                "par la présence, jamais par un écran.",
            ),
            (
                "Les résultats",
                "Les chiffres de la première étape sont sur la page du marathon, avec leur calcul "
                "et leurs sources.",
            ),
        ],
    ),
]


def _speak(text: str):
    """The transcript read aloud by espeak-ng, encoded in Opus by opusenc
    (Debian's packages, scripts/install-system-libs.sh); None without them."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    espeak, opusenc = shutil.which("espeak-ng"), shutil.which("opusenc")
    if not (espeak and opusenc):
        return None
    with tempfile.TemporaryDirectory() as folder:
        wav, opus = Path(folder) / "voix.wav", Path(folder) / "voix.opus"
        # The text is this module's own, passed as one argument (no shell).
        subprocess.run([espeak, "-v", "fr", "-s", "150", "-w", str(wav), text], check=True)  # noqa: S603
        subprocess.run([opusenc, "--quiet", "--bitrate", "24", str(wav), str(opus)], check=True)  # noqa: S603
        return SimpleUploadedFile("voix.opus", opus.read_bytes(), content_type="audio/ogg")


def load_episodes(people: dict, now) -> None:
    from terreau.editorial import audio
    from terreau.editorial.models import Episode

    place = Place.objects.filter(name="La Filature partagée").select_related("commune").first()
    if place is None or Episode.objects.exists():
        return
    host = people["hote@demo.terreau.localhost"]
    for number, (title, summary, parts) in enumerate(EPISODES, start=1):
        transcript = "\n\n".join(text for _title, text in parts)
        upload = _speak(transcript)
        if upload is None:
            return
        found = audio.read(upload)
        # The chapters start where espeak-ng's reading of each part starts,
        # approximately: the part's share of the words.
        words = [len(text.split()) for _title, text in parts]
        starts, elapsed = [], 0
        for count in words:
            starts.append(int(elapsed))
            elapsed += found.duration * count / sum(words)
        episode = Episode.objects.create(
            territory=place.commune,
            number=number,
            title=title,
            slug=services.unique_slug(Episode, title),
            summary=summary,
            transcript=transcript,
            chapters=[
                {"start": start, "title": part[0]}
                for start, part in zip(starts, parts, strict=True)
            ],
            credits="Voix de synthèse (espeak-ng) : épisode de démonstration",
            audio=audio.save(found),
            audio_type=found.content_type,
            audio_bytes=found.size,
            duration=found.duration,
            state=Story.State.PUBLISHED,
            publish_at=now - datetime.timedelta(days=10 - 5 * number),
            created_by=host,
        )
        episode.places.add(place)


VIDEO_PARTS = [
    "Le premier samedi du mois, l'atelier de La Filature partagée ouvre ses tables.",
    "On apporte une lampe, un grille-pain, un aspirateur : on le répare avec un bénévole.",
    "Deux objets sur trois repartent en état de marche.",
    "Le prochain atelier est annoncé dans l'agenda du territoire. Venez avec vos outils !",
]


def _cue_time(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return "%02d:%06.3f" % (minutes, seconds)


def _captions(parts: list[str], duration: float) -> bytes:
    """WebVTT cues, one per sentence, each timed by its share of the words
    (espeak-ng reads at an even pace)."""
    words = [len(part.split()) for part in parts]
    cues, start = ["WEBVTT", ""], 0.0
    for part, count in zip(parts, words, strict=True):
        end = start + duration * count / sum(words)
        cues += ["%s --> %s" % (_cue_time(start), _cue_time(end)), part, ""]
        start = end
    return "\n".join(cues).encode("utf-8")


def _film(still: Image.Image, voice) -> bytes | None:
    """A WebM made by Debian's ffmpeg from a still picture and the voice
    (VP8 at one frame per second, the Opus voice copied as it is), or None
    without ffmpeg (scripts/install-system-libs.sh installs it)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        picture, sound, film = (Path(folder) / n for n in ("image.png", "voix.opus", "film.webm"))
        still.save(picture)
        voice.seek(0)
        sound.write_bytes(voice.read())
        command = [ffmpeg, "-nostdin", "-loglevel", "error", "-loop", "1", "-framerate", "1"]
        command += ["-i", str(picture), "-i", str(sound), "-c:v", "libvpx", "-b:v", "150k"]
        command += ["-deadline", "realtime", "-cpu-used", "8", "-g", "2", "-pix_fmt", "yuv420p"]
        command += ["-c:a", "copy", "-shortest", str(film)]
        subprocess.run(command, check=True, timeout=120)  # noqa: S603 (this module's own arguments)
        return film.read_bytes()


def load_video(people: dict, now) -> None:
    """One short video served by Terreau, with its captions, poster and
    transcript, all made here: nothing is downloaded."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from terreau.editorial import audio, video
    from terreau.editorial.models import Video

    place = Place.objects.filter(name="La Filature partagée").select_related("commune").first()
    if place is None or Video.objects.exists():
        return
    transcript = "\n\n".join(VIDEO_PARTS)
    voice = _speak(" ".join(VIDEO_PARTS))
    if voice is None:
        return
    duration = audio.read(voice).duration
    still = _photo(("#cfe3d0", "#8fb996"), "Repair café").resize((640, 426))
    film = _film(still, voice)
    if film is None:
        return
    found = video.read_video(SimpleUploadedFile("film.webm", film, content_type="video/webm"))
    poster, width, height = video.save_poster(still)
    item = Video.objects.create(
        territory=place.commune,
        title="Le repair café en une minute",
        slug=services.unique_slug(Video, "Le repair café en une minute"),
        summary="Un samedi matin à l'atelier de La Filature partagée : on apporte, on répare "
        "ensemble, on repart avec l'objet et le savoir-faire.",
        transcript=transcript,
        credits="Image dessinée et voix de synthèse (espeak-ng) : vidéo de démonstration",
        source=Video.Source.FILE,
        file=video.save_video(found),
        file_type=found.content_type,
        file_bytes=found.size,
        captions=video.save_captions(_captions(VIDEO_PARTS, duration)),
        duration=duration,
        poster=poster,
        poster_alt="Un dessin : une enseigne « Repair café » devant un champ, sous le soleil.",
        poster_width=width,
        poster_height=height,
        state=Story.State.PUBLISHED,
        publish_at=now - datetime.timedelta(days=2),
        created_by=people["hote@demo.terreau.localhost"],
    )
    item.places.add(place)
