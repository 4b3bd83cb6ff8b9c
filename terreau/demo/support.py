"""The demo's experts: sixteen fictitious people, marked as demo data on
every page, spread over the demo territories (communes, intercommunalités,
départements and the région), published with their consent through the real
services; a seventeenth waits for moderation. Their photos are drawn here
(initials on a colour), so nothing is downloaded."""

import datetime
import io

from allauth.account.models import EmailAddress
from PIL import Image, ImageDraw

from terreau.accounts.models import User
from terreau.places.models import Place
from terreau.support import services
from terreau.support.consent import PUBLIC_FIELDS
from terreau.support.domains import labels
from terreau.support.models import Diagnostic, ExpertProfile, HelpRequest
from terreau.support.photos import clean_photo
from terreau.territories.models import AuthorityRepresentative, Territory

ALL_FIELDS = [key for key, _label, _required in PUBLIC_FIELDS]
WITHOUT_PHOTO = [key for key in ALL_FIELDS if key != "photo"]

# name, territories (kind, code), domains, modes, paid (price note), affiliations, photo colour
EXPERTS = [
    (
        "Nadia Benali",
        [("commune", "81163")],
        ["energy-housing"],
        ["on-site", "phone"],
        "",
        "Conseillère France Rénov' à l'espace conseil de la communauté d'agglomération.",
        "#2f6b3f",
    ),
    (
        "Julien Marty",
        [("epci", "248100430")],
        ["mobility"],
        ["on-site", "event"],
        "",
        "Bénévole de l'association Vélo Castres-Mazamet.",
        "#7a4b1e",
    ),
    (
        "Sophie Calvet",
        [("departement", "81")],
        ["food"],
        ["on-site", "video"],
        "Gratuit pour les associations, 350 € la journée pour les collectivités.",
        "Salariée d'une chambre d'agriculture ; aucun lien commercial.",
        "#5b3a6e",
    ),
    (
        "Karim Haddad",
        [("commune", "81065"), ("commune", "81163")],
        ["consumption-reuse"],
        ["on-site", "event"],
        "",
        "Animateur salarié d'une ressourcerie de Castres.",
        None,
    ),
    (
        "Élodie Fabre",
        [("epci", "248100430")],
        ["digital"],
        ["on-site", "phone", "video"],
        "",
        "Conseillère numérique France Services, salariée de l'intercommunalité.",
        "#1f4e79",
    ),
    (
        "Marc Delpech",
        [("region", "76")],
        ["energy-housing", "cooperation"],
        ["video", "event"],
        "80 € de l'heure, devis gratuit.",
        "Gérant d'un bureau d'études thermiques ; vend des audits énergétiques.",
        None,
    ),
    (
        "Lucie Roques",
        [("commune", "81021")],
        ["biodiversity"],
        ["on-site", "event"],
        "",
        "Aucun.",
        "#3d6b2f",
    ),
    (
        "Thomas Azaïs",
        [("departement", "81")],
        ["cooperation"],
        ["on-site", "video"],
        "Gratuit la première rencontre, puis 400 € la journée d'accompagnement.",
        "Associé d'une coopérative de conseil en gouvernance partagée.",
        "#6e2f2f",
    ),
    (
        "Inès Garcia",
        [("commune", "34199")],
        ["food", "consumption-reuse"],
        ["on-site"],
        "",
        "Bénévole d'une épicerie solidaire de Pézenas.",
        "#8a5a00",
    ),
    (
        "Pierre Combes",
        [("epci", "243400819")],
        ["energy-housing"],
        ["on-site", "phone"],
        "",
        "Conseiller de l'Agence locale de l'énergie, financée par les collectivités.",
        None,
    ),
    (
        "Aïcha Mansouri",
        [("commune", "34172")],
        ["digital"],
        ["on-site", "event"],
        "",
        "Médiatrice numérique salariée d'une association d'éducation populaire.",
        "#1f5f5b",
    ),
    (
        "Bernard Vidal",
        [("epci", "243400017")],
        ["mobility"],
        ["phone", "video"],
        "",
        "Retraité de la SNCF ; bénévole d'une association d'usagers des transports.",
        None,
    ),
    (
        "Claire Bousquet",
        [("departement", "34")],
        ["biodiversity", "food"],
        ["on-site"],
        "Gratuit pour les écoles, 250 € la demi-journée sinon.",
        "Animatrice d'un centre permanent d'initiatives pour l'environnement.",
        "#4a5d23",
    ),
    (
        "Yanis Ferrand",
        [("commune", "34301")],
        ["consumption-reuse"],
        ["on-site", "event"],
        "",
        "Co-fondateur d'un repair café.",
        "#7a2f5b",
    ),
    (
        "Martine Escande",
        [("region", "76")],
        ["cooperation"],
        ["video"],
        "",
        "Élue d'une commune du Tarn ; aucune rémunération.",
        None,
    ),
    (
        "Hugo Lacombe",
        [("epci", "248100430"), ("commune", "34199")],
        ["digital", "cooperation"],
        ["video", "phone"],
        "",
        "Développeur indépendant de logiciels libres pour les associations.",
        "#2f3f6b",
    ),
]
WAITING = (
    "Gilles Arnaud",
    [("commune", "81163")],
    ["energy-housing"],
    ["phone"],
    "",
    "Artisan chauffagiste ; installe des pompes à chaleur.",
    None,
)


def _photo(name: str, colour: str):
    image = Image.new("RGB", (320, 320), colour)
    initials = "".join(part[0] for part in name.split()[:2])
    draw = ImageDraw.Draw(image)
    draw.text((160, 160), initials, fill="white", anchor="mm", font_size=120)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    return clean_photo(buffer)


def _slug(name: str) -> str:
    return name.lower().replace(" ", ".").replace("ï", "i").replace("é", "e").replace("è", "e")


def _expert(row, staff, password, *, publish: bool):
    name, areas, domains, modes, price, affiliations, colour = row
    email = "%s@demo.terreau.localhost" % _slug(name)
    if User.objects.filter(email=email).exists():
        return
    territories = [Territory.objects.filter(kind=k, code=c).first() for k, c in areas]
    if None in territories:
        return
    person = User.objects.create_user(email, password, display_name=name)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    profile = services.save_profile(
        person=person,
        display_name=name,
        presentation=(
            "Profil de démonstration. %s aide les habitants, les lieux et les collectivités en "
            "%s : un premier rendez-vous pour faire le point, des pistes concrètes, puis un "
            "suivi si vous le souhaitez."
            % (name.split()[0], ", ".join(str(label) for label in labels(domains)).lower())
        ),
        domains=domains,
        modes=modes,
        monthly_capacity=3,
        is_paid=bool(price),
        price_note=price,
        affiliations=affiliations,
        contact="%s (démonstration)" % email,
        areas=territories,
        public_fields=ALL_FIELDS if colour else WITHOUT_PHOTO,
        photo=_photo(name, colour) if colour else None,
    )
    ExpertProfile.objects.filter(pk=profile.pk).update(is_demo=True)
    if publish:
        services.publish_profile(profile=profile, by=staff)


def _requests(people, now):
    """Awa asks for help with her flat in Mazamet, which Nadia accepts and
    plans; Jo asks about cycling in Pézenas, where no expert of mobility is
    yet: a gap for the cooperative to fill."""
    if HelpRequest.objects.exists():
        return
    mazamet = Territory.objects.filter(kind="commune", code="81163").first()
    pezenas = Territory.objects.filter(kind="commune", code="34199").first()
    if mazamet is None or pezenas is None:
        return
    awa = people["habitante@demo.terreau.localhost"]
    asked = services.ask_for_help(
        person=awa,
        domain="energy-housing",
        description=(
            "Notre appartement est difficile à chauffer et la facture a doublé. Nous sommes "
            "locataires : que pouvons-nous faire, et que pouvons-nous demander au propriétaire ?"
        ),
        modes=["on-site", "phone"],
        commune=mazamet,
        share_phone="06 00 00 00 00",
        at=now - datetime.timedelta(days=6),
    )
    offer = asked.offers.filter(expert__person__email="nadia.benali@demo.terreau.localhost")
    if offer.exists():
        nadia = offer.get().expert.person
        services.accept_offer(offer=offer.get(), person=nadia, at=now - datetime.timedelta(days=5))
        asked.refresh_from_db()
        services.plan_meeting(
            help_request=asked,
            person=nadia,
            meeting="Visite de l'appartement jeudi à 17 h, puis point par téléphone.",
            at=now - datetime.timedelta(days=5),
        )
    services.ask_for_help(
        person=people["habitant@demo.terreau.localhost"],
        domain="mobility",
        description="Je voudrais aller au travail à vélo à Pézenas : quel itinéraire, quel vélo ?",
        modes=["event"],
        commune=pezenas,
        at=now - datetime.timedelta(days=2),
    )


def _diagnostics(people, now):
    """Awa's diagnostic two months ago, and again this week after she began
    to cycle to work: the page shows what changed in her answers."""
    awa = people["habitante@demo.terreau.localhost"]
    if Diagnostic.objects.filter(author=awa).exists() or awa.home_commune is None:
        return
    answers = {
        "household": "3",
        "surface": "68",
        "heating": "electricity",
        "comfort": "cold",
        "car_km": "9000",
        "flight_short_hours": "0",
        "flight_long_hours": "unknown",
        "diet": "average",
        "tshirts": "4",
        "trousers": "1",
        "jumpers": "unknown",
        "shoes": "2",
        "smartphones": "1",
        "computers": "1",
        "tvs": "1",
        "renewal": "needed",
        "internet_hours": "2",
    }
    for days, car_km in ((60, "9000"), (3, "6500")):
        services.take_diagnostic(
            person=awa,
            questionnaire="person",
            answers={**answers, "car_km": car_km},
            commune=awa.home_commune,
            at=now - datetime.timedelta(days=days),
        )


def _place_diagnostic(people, now):
    """The hosts of La Filature partagée took their place's diagnostic and
    published it on its page."""
    place = Place.objects.filter(name="La Filature partagée").first()
    host = people["hote@demo.terreau.localhost"]
    if place is None or Diagnostic.objects.filter(place=place).exists():
        return
    taken = services.take_diagnostic(
        person=host,
        questionnaire="place",
        answers={
            "surface": "320",
            "heating": "gas",
            "comfort": "cold",
            "electricity_kwh": "9000",
            "visitors_week": "180",
            "car_share": "most",
            "trip_km": "unknown",
            "weeks_open": "48",
            "meals_week": "60",
            "menu": "mixed",
            "appliances": "unknown",
            "computers": "4",
            "screens": "1",
            "renewal": "refurbished",
            "waste_kg_week": "unknown",
        },
        place=place,
        at=now - datetime.timedelta(days=20),
    )
    services.set_diagnostic_public(diagnostic=taken, person=host, public=True)


def _authority_diagnostic(now):
    """A verified representative of the first authority that supported a
    call (demo/calls.py) took its diagnostic from the invoices it had, and
    published it on the authority's page."""
    role = (
        AuthorityRepresentative.objects.filter(territory__population__isnull=False)
        .select_related("territory", "person")
        .order_by("pk")
        .first()
    )
    if role is None or Diagnostic.objects.filter(authority=role.territory).exists():
        return
    taken = services.take_diagnostic(
        person=role.person,
        questionnaire="authority",
        answers={
            "buildings_kwh": "unknown",
            "buildings_energy": "gas",
            "lighting_kwh": "unknown",
            "vehicles": "unknown",
            "vehicle_km": "unknown",
            "meals_day": "unknown",
            "school_days": "144",
            "vegetarian_menus": "weekly",
            "waste_tonnes": "unknown",
        },
        authority=role.territory,
        at=now - datetime.timedelta(days=10),
    )
    services.set_diagnostic_public(diagnostic=taken, person=role.person, public=True)


def load(people: dict, now, password: str) -> list[tuple[str, str, bool]]:
    """Returns the login of the first expert, to try the expert's side."""
    staff = people["equipe@demo.terreau.localhost"]
    for row in EXPERTS:
        _expert(row, staff, password, publish=True)
    _expert(WAITING, staff, password, publish=False)
    _requests(people, now)
    _diagnostics(people, now)
    _place_diagnostic(people, now)
    _authority_diagnostic(now)
    first = EXPERTS[0][0]
    return [("%s@demo.terreau.localhost" % _slug(first), "%s (experte)" % first, False)]
