"""Reads of the governance models that views and services repeat."""

from django.db import models


class MembershipApplicationQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for the payment that staff record."""
        return self.filter(status="pending")


class MemberQuerySet(models.QuerySet):
    def active(self):
        """Members who have not left (those who left keep their number)."""
        return self.filter(left_on__isnull=True)

    def active_of(self, person):
        """The person's membership if they are a member now, else None
        (None for a visitor who is not signed in)."""
        if person is None or not person.is_authenticated:
            return None
        return self.active().filter(person=person).first()


class ProxyQuerySet(models.QuerySet):
    def current(self):
        """Proxies not revoked."""
        return self.filter(revoked_at__isnull=True)
