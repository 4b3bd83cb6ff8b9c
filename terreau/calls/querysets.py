"""Reads of applications and supports that views, services and the jury repeat."""

from django.db import models
from django.db.models import Count, Q

from . import eligibility

# Support.Kind's values (the model imports this module).
CITIZEN, PLACE, AUTHORITY = "citizen", "place", "authority"


class ApplicationQuerySet(models.QuerySet):
    def with_support_counts(self):
        """Each application with `citizen_count`, `place_count` and
        `authority_count`, in the list's own query."""
        return self.annotate(
            citizen_count=Count("supports", filter=Q(supports__kind=CITIZEN)),
            place_count=Count("supports", filter=Q(supports__kind=PLACE)),
            authority_count=Count("supports", filter=Q(supports__kind=AUTHORITY)),
        )


class SupportQuerySet(models.QuerySet):
    def counts(self) -> eligibility.Counts:
        """The supports counted by kind (`application.supports.counts()`)."""
        totals = self.aggregate(
            citizens=Count("pk", filter=Q(kind=CITIZEN)),
            places=Count("pk", filter=Q(kind=PLACE)),
            authority=Count("pk", filter=Q(kind=AUTHORITY)),
        )
        return eligibility.Counts(
            citizens=totals["citizens"], places=totals["places"], authority=totals["authority"] > 0
        )
