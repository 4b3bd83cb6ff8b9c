import re

from django.db import models
from django.db.models import Case, IntegerField, Value, When

from .text import search_key

POSTCODE = re.compile(r"^\d{5}$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2,3}|2[ab])$", re.IGNORECASE)


class TerritoryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def communes(self):
        return self.filter(kind="commune")

    def search(self, query: str):
        """Territories matching a name (accents and case ignored), a postcode,
        an INSEE code or a département number; best matches first."""
        query = query.strip()
        if POSTCODE.match(query):
            return (
                self.current()
                .filter(models.Q(postcodes__code=query) | models.Q(code=query, kind="commune"))
                .distinct()
                .order_by("-population", "name")
            )
        if DEPARTEMENT_CODE.match(query):
            return self.current().filter(kind="departement", code=query.upper())
        key = search_key(query)
        if len(key) < 2:
            return self.none()
        return (
            self.current()
            .filter(search_text__contains=key)
            .annotate(
                match_rank=Case(
                    When(search_name=key, then=Value(0)),
                    When(search_name__startswith=key, then=Value(1)),
                    When(search_name__contains=key, then=Value(2)),
                    default=Value(3),  # found by a former (delegated) commune name
                    output_field=IntegerField(),
                )
            )
            .order_by("match_rank", models.F("population").desc(nulls_last=True), "name")
        )
