"""schema.org JSON-LD for a place page: what a search engine or a map reads
to show the address, the position and the opening hours. Written into the
page (`type="application/ld+json"`, data that no browser runs), so it asks
nothing of any other origin and needs no script."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

from .models import OpeningHours, Place

# The closest schema.org type for each kind of place.
SCHEMA_TYPES = {
    Place.Kind.MEDIATHEQUE: "Library",
    Place.Kind.ECOLE: "School",
    Place.Kind.MAIRIE: "CityHall",
    Place.Kind.CAFE_ASSOCIATIF: "CafeOrCoffeeShop",
    Place.Kind.JARDIN_PARTAGE: "Park",
    Place.Kind.RESSOURCERIE: "Store",
}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def place_data(place: Place, opening_hours: list[OpeningHours], url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(place.kind, "Place"),
        "name": place.name,
        "url": url,
        "description": place.description[:300],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.address,
            "postalCode": place.postcode,
            "addressLocality": place.commune.name,
            "addressCountry": "FR",
        },
    }
    if not place.postcode:
        del data["address"]["postalCode"]
    if place.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    if opening_hours:
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": "https://schema.org/" + DAYS[hours.weekday],
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in opening_hours
        ]
    if place.website:
        data["sameAs"] = place.website
    return data


def as_script_content(data: dict) -> SafeString:
    """JSON that cannot close its <script> element (<, > and & escaped)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_json_script_escapes))  # noqa: S308 - escaped just above
