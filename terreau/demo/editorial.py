"""Régénérer's demo: stories about the demo territories, with photos drawn
here (nothing is downloaded), live figures read from the demo marathon, an
editor per side, and one story scheduled for later this week."""

import datetime

from PIL import Image, ImageDraw

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
    draw.text((400, 430), label, fill="#3d2b1f", anchor="mm", font_size=64)
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
