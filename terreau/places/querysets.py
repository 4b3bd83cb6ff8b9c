from django.db import models

RULE = (
    "Les lieux sont listés par ordre alphabétique de leur nom, filtrés seulement par ce que la "
    "personne choisit (territoire, type, thème). Seuls les lieux publiés, relus par l'équipe de "
    "la coopérative, apparaissent. Aucun lieu n'est mis en avant."
)


class PlaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def in_territory(self, territory):
        """Places whose commune lies in `territory`, whatever its level."""
        lookup = {
            "commune": "commune",
            "epci": "commune__epci",
            "departement": "commune__departement",
            "region": "commune__region",
        }[territory.kind]
        return self.filter(**{lookup: territory})

    def hosted_by(self, user):
        return self.filter(hosts__person=user)

    def for_listing(self):
        # « Pézenas (34) »: the département's number comes from the
        # commune's code, no need to read the département.
        return self.select_related("commune").prefetch_related("themes")
