"""Search over places and events: their name, description and commune.

PostgreSQL: full-text search in French (stemming: « ateliers » finds
« atelier ») through the `french_unaccent` configuration, French with accents
removed (created by migration pages 0001), ranked by relevance. SQLite (a
laptop, the demo): every word must appear, accents and case aside. Both
read « st »/« ste » as « saint »/« sainte », as people type them: « st etienne »
finds Saint-Étienne.

The words are cleaned here, never passed to the database as syntax: a query
is at most MAX_WORDS words of letters and digits.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from terreau.events.models import Event
from terreau.places.models import Place

RULE = (
    "La recherche garde les lieux publiés et les événements à venir dont le nom, la description "
    "ou la commune contiennent chaque mot tapé, sans tenir compte des accents ni des majuscules "
    "(« st » vaut « saint »). Les lieux viennent par pertinence (sur PostgreSQL : combien et où "
    "les mots apparaissent), puis par nom ; les événements par date."
)

MAX_WORDS = 8
RESULTS = 30
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
CONFIG = "french_unaccent"


def plain(text: str) -> str:
    """Lower case, no accents: « Saint-Étienne » → « saint-etienne »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_of(query: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", plain(query or ""))
    return [ABBREVIATIONS.get(word, word) for word in words][:MAX_WORDS]


class PlainText(Func):
    """SQLite: the `terreau_plain` function (registered on each connection
    by `pages.apps`) lowers and strips accents as `plain` does."""

    function = "terreau_plain"
    output_field = TextField()


def _matching(queryset, fields: list[str], words: list[str]):
    """`queryset` narrowed to what matches every word, with a `rank`
    (PostgreSQL's relevance; 0 on SQLite, which does not rank)."""
    if connection.vendor == "postgresql":
        vector = SearchVector(*fields, config=CONFIG)
        query = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
        # @@ keeps what matches every word; the rank only orders them.
        return queryset.annotate(document=vector, rank=SearchRank(vector, query)).filter(
            document=query
        )
    parts = []
    for field in fields:
        parts += [F(field), Value(" ")]
    haystack = PlainText(Concat(*parts, output_field=TextField()))
    queryset = queryset.annotate(haystack=haystack, rank=Value(0.0))
    for word in words:
        queryset = queryset.filter(haystack__contains=word)
    return queryset


def places(query: str):
    words = words_of(query)
    if not words:
        return Place.objects.none()
    found = _matching(
        Place.objects.published(), ["name", "description", "commune__name", "postcode"], words
    )
    return found.for_listing().order_by("-rank", "name", "pk")


def events(query: str):
    words = words_of(query)
    if not words:
        return Event.objects.none()
    upcoming = Event.objects.visible().upcoming(timezone.now())
    found = _matching(
        upcoming, ["title", "description", "place__name", "place__commune__name"], words
    )
    return found.for_listing().order_by("starts_at", "pk")
