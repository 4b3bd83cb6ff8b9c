"""What search engines may list (Django's sitemaps framework): the public
pages of every app, nothing that needs an account or a secret. It lives in
`pages`, the one app that may read them all."""

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from terreau.boussole.models import Assessment
from terreau.calls.models import Call
from terreau.causes.models import Cause
from terreau.challenges.models import Challenge, Marathon
from terreau.core.models import LegalPage
from terreau.editorial.models import Episode, Story, Video
from terreau.events.models import Event
from terreau.governance.models import Law
from terreau.places.models import Place
from terreau.support.models import Diagnostic, ExpertProfile
from terreau.territories.models import Territory


class PlaceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Place.objects.published().only("pk").order_by("pk")


class TerritorySitemap(Sitemap):
    """The communes with a published place, and their EPCI and département."""

    changefreq = "weekly"

    def items(self):
        communes = Territory.objects.filter(pk__in=Place.objects.published().values("commune"))
        ids = {pk for row in communes.values_list("pk", "epci", "departement") for pk in row if pk}
        return Territory.objects.filter(pk__in=ids).order_by("kind", "code")


class EventSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Event.objects.visible().upcoming(timezone.now()).only("pk")

    def lastmod(self, event):
        return event.updated_at


class MarathonSitemap(Sitemap):
    def items(self):
        return Marathon.objects.only("pk").order_by("pk")


class ChallengeSitemap(Sitemap):
    def items(self):
        return Challenge.objects.filter(is_published=True).only("slug").order_by("slug")


class LawSitemap(Sitemap):
    def items(self):
        return Law.objects.all()


class CallSitemap(Sitemap):
    def items(self):
        return Call.objects.only("pk").order_by("pk")


class CauseSitemap(Sitemap):
    def items(self):
        return Cause.objects.filter(status=Cause.Status.PUBLISHED).only("pk").order_by("pk")


class BoussoleSitemap(Sitemap):
    """Published assessments only: a draft is its author's alone."""

    def items(self):
        return (
            Assessment.objects.filter(status=Assessment.Status.PUBLISHED)
            .only("pk", "published_at")
            .order_by("pk")
        )

    def lastmod(self, assessment):
        return assessment.published_at


class ExpertSitemap(Sitemap):
    """Published profiles with a consent in force: a withdrawn one is gone."""

    def items(self):
        return ExpertProfile.objects.public().only("pk").order_by("pk")


class DiagnosticSitemap(Sitemap):
    """The diagnostics places and authorities published; a person's never is."""

    def items(self):
        return Diagnostic.objects.filter(is_public=True).only("pk").order_by("pk")


class StorySitemap(Sitemap):
    """Stories whose publication time has come: never a draft, a scheduled
    or an unpublished one."""

    def items(self):
        return (
            Story.objects.visible(timezone.now())
            .only("slug", "publish_at", "corrected_at")
            .order_by("pk")
        )

    def lastmod(self, story):
        return max(story.publish_at, story.corrected_at or story.publish_at)


class EpisodeSitemap(Sitemap):
    """Podcast episodes whose publication time has come."""

    def items(self):
        return Episode.objects.visible(timezone.now()).only("slug", "publish_at").order_by("pk")

    def lastmod(self, episode):
        return episode.publish_at


class VideoSitemap(Sitemap):
    """Videos whose publication time has come."""

    def items(self):
        return Video.objects.visible(timezone.now()).only("slug", "publish_at").order_by("pk")

    def lastmod(self, video):
        return video.publish_at


class LegalPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return LegalPage.objects.all()

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {
    "territoires": TerritorySitemap,
    "lieux": PlaceSitemap,
    "agenda": EventSitemap,
    "marathons": MarathonSitemap,
    "defis": ChallengeSitemap,
    "lois": LawSitemap,
    "appels": CallSitemap,
    "causes": CauseSitemap,
    "boussole": BoussoleSitemap,
    "experts": ExpertSitemap,
    "diagnostics": DiagnosticSitemap,
    "media": StorySitemap,
    "podcast": EpisodeSitemap,
    "videos": VideoSitemap,
    "legal": LegalPageSitemap,
}
