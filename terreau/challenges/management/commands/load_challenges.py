from decimal import Decimal

from django.core.management.base import BaseCommand

from terreau.challenges import factors
from terreau.challenges.catalogue import CATALOGUE, EXCLUSIVE_GROUPS
from terreau.challenges.models import Challenge
from terreau.core.models import Theme


class Command(BaseCommand):
    help = "Load the default catalogue of défis; existing ones (by slug) are left as staff edited them."

    def handle(self, *args, **options):
        themes = {theme.slug: theme for theme in Theme.objects.all()}
        created = 0
        group_of = {slug: group for group, slugs in EXCLUSIVE_GROUPS.items() for slug in slugs}
        for position, row in enumerate(CATALOGUE):
            slug, title, theme, taken_by, validation, kinds, quantity, note, factor, why, how = row
            _challenge, was_created = Challenge.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "theme": themes[theme],
                    "taken_by": taken_by,
                    "validation": validation,
                    "place_kinds": kinds,
                    "quantity": Decimal(quantity),
                    "quantity_note": note,
                    "factor_key": factor,
                    "factor_version": factors.latest(factor).version,
                    "why": why,
                    "how": how,
                    "position": position,
                    "exclusive_group": group_of.get(slug, ""),
                },
            )
            created += was_created
        self.stdout.write(f"Défis: {created} created, {len(CATALOGUE) - created} already there.")
